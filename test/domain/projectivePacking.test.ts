// Packings of PG(3, q): 85 in fives get 21 rounds in which every pair meets exactly once; other sizes are refused.
import assert from "node:assert/strict";
import { projectivePacking } from "../../server/domain/matching/projectivePacking.js";
import { perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { createRng } from "../../server/domain/rng.js";

describe("projective packing", () => {
  it("85 in fives: 21 rounds of 17 groups, everyone seated every round, every pair exactly once", () => {
    const s = projectivePacking(85, 5)!;
    assert.equal(s.rounds.length, 21);
    const pairs = new Map<number, number>();
    for (const groups of s.rounds) {
      assert.equal(groups.length, 17);
      assert.deepEqual(groups.flat().sort((a, b) => a - b), Array.from({ length: 85 }, (_, i) => i));
      for (const grp of groups) {
        assert.equal(grp.length, 5);
        for (const a of grp) for (const b of grp) if (a < b) pairs.set(a * 85 + b, (pairs.get(a * 85 + b) ?? 0) + 1);
      }
    }
    assert.equal(pairs.size, (85 * 84) / 2, "every pair meets");
    assert.ok([...pairs.values()].every((c) => c === 1), "and only once");
    assert.ok(s.byes.every((b) => b.length === 0));
    assert.ok(isPerfectStrangerSchedule(85, 5, s));
  });

  it("is deterministic: the same rounds every time", () => {
    assert.deepEqual(projectivePacking(85, 5), projectivePacking(85, 5));
  });

  it("is refused where n is not q³ + q² + q + 1 for g = q + 1, or q is beyond 4", () => {
    assert.equal(projectivePacking(84, 5), null);
    assert.equal(projectivePacking(85, 4), null);
    assert.equal(projectivePacking(156, 6), null, "q = 5: not tried (seconds)");
    assert.equal(projectivePacking(10, 1), null);
  });

  it("gives the engine 85 in fives at the bound, 21 rounds (transversal designs built 17)", () => {
    const s = perfectStrangerSchedule(85, 5, 21, createRng("packing"));
    assert.equal(s.achievable, 21);
    assert.equal(s.method, "resolvable");
    assert.ok(isPerfectStrangerSchedule(85, 5, s));
  });
});
