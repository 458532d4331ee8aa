// Resolvable (3q + 1, 4, 1) designs: where they apply, and that they seat every pair exactly once in q rounds.
import assert from "node:assert/strict";
import { resolvableFoursOrder, resolvableFoursSchedule } from "../../server/domain/matching/resolvableFours.js";
import { perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { createRng } from "../../server/domain/rng.js";

describe("resolvable designs in fours (3q + 1 points, q ≡ 1 mod 4)", () => {
  it("apply to 3q + 1 for prime powers q ≡ 1 (mod 4) only", () => {
    const fits = Array.from({ length: 100 }, (_, n) => n).filter((n) => resolvableFoursOrder(n) !== null);
    assert.deepEqual(fits, [16, 28, 40, 52, 76, 88]);
    assert.equal(resolvableFoursSchedule(64), null, "q = 21 is not a prime power");
    assert.equal(resolvableFoursSchedule(22), null, "q = 7 is 3 mod 4");
  });

  for (const n of [16, 28, 40, 52, 76, 88]) {
    it(`seat every pair of ${n} exactly once in ${(n - 1) / 3} rounds of ${n / 4} groups`, () => {
      const s = resolvableFoursSchedule(n)!;
      assert.equal(s.rounds.length, (n - 1) / 3);
      assert.ok(isPerfectStrangerSchedule(n, 4, s));
      const met = new Set<number>();
      for (const groups of s.rounds) for (const grp of groups) for (const a of grp) for (const b of grp) if (a < b) met.add(a * n + b);
      assert.equal(met.size, (n * (n - 1)) / 2, "every pair meets");
    });
  }

  it("give the engine 52 in fours at the bound, 17 rounds (the searches stalled at 15)", () => {
    const s = perfectStrangerSchedule(52, 4, 17, createRng("r4"));
    assert.equal(s.method, "resolvable");
    assert.equal(s.achievable, 17);
    assert.ok(isPerfectStrangerSchedule(52, 4, s));
  });
});
