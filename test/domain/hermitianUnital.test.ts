// The Hermitian unital resolved by slopes: q³ + 1 in groups of q + 1, every pair exactly once; other sizes refused.
import assert from "node:assert/strict";
import { hermitianUnital } from "../../server/domain/matching/hermitianUnital.js";
import { perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { createRng } from "../../server/domain/rng.js";

describe("Hermitian unital", () => {
  for (const q of [2, 3, 4, 5]) {
    const n = q ** 3 + 1;
    it(`${n} in groups of ${q + 1}: ${q * q} rounds, everyone seated every round, every pair exactly once`, () => {
      const s = hermitianUnital(n, q + 1)!;
      assert.equal(s.rounds.length, q * q);
      const pairs = new Map<number, number>();
      for (const groups of s.rounds) {
        assert.deepEqual(groups.flat().sort((a, b) => a - b), Array.from({ length: n }, (_, i) => i));
        for (const grp of groups) {
          assert.equal(grp.length, q + 1);
          for (const a of grp) for (const b of grp) if (a < b) pairs.set(a * n + b, (pairs.get(a * n + b) ?? 0) + 1);
        }
      }
      assert.equal(pairs.size, (n * (n - 1)) / 2);
      assert.ok([...pairs.values()].every((c) => c === 1));
      assert.ok(isPerfectStrangerSchedule(n, q + 1, s));
    });
  }

  it("is refused where n is not q³ + 1 for g = q + 1, or q is not a prime power", () => {
    assert.equal(hermitianUnital(64, 5), null);
    assert.equal(hermitianUnital(65, 4), null);
    assert.equal(hermitianUnital(217, 7), null, "q = 6");
    assert.equal(hermitianUnital(2, 2), null, "q = 1");
  });

  it("gives the engine 65 in fives at the bound, 16 rounds (transversal designs built 14)", () => {
    const s = perfectStrangerSchedule(65, 5, 16, createRng("unital"));
    assert.equal(s.achievable, 16);
    assert.equal(s.method, "resolvable");
    assert.ok(isPerfectStrangerSchedule(65, 5, s));
  });
});
