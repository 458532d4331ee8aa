// 1-rotational resolvable designs over Z_(n−1): where they apply, every pair once, and what the engine gains from them.
import assert from "node:assert/strict";
import { oneRotational } from "../../server/domain/matching/oneRotational.js";
import { maxPerfectStrangerRounds, perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { createRng } from "../../server/domain/rng.js";

const rngFor = (n: number, g: number) => createRng(`perfect-strangers:${n}:${g}:one-rotational`);

describe("1-rotational resolvable designs (n ≡ g mod g(g − 1))", () => {
  it("apply only where n ≡ g (mod g(g − 1)) and n > g", () => {
    for (const [n, g] of [[34, 3], [30, 3], [3, 3], [41, 4], [44, 5], [20, 2]]) assert.equal(oneRotational(n, g, rngFor(n, g)), null, `${n}/${g}`);
  });

  for (const [n, g] of [[9, 3], [33, 3], [51, 3], [57, 3], [16, 4], [49, 7]]) {
    it(`seat every pair of ${n} in groups of ${g} exactly once in ${(n - 1) / (g - 1)} rounds`, () => {
      const s = oneRotational(n, g, rngFor(n, g))!;
      assert.ok(s, "found");
      assert.equal(s.rounds.length, (n - 1) / (g - 1));
      assert.ok(isPerfectStrangerSchedule(n, g, s));
      const met = new Set<number>();
      for (const groups of s.rounds) {
        assert.equal(groups.length, n / g);
        for (const grp of groups) for (const a of grp) for (const b of grp) if (a < b) met.add(a * n + b);
      }
      assert.equal(met.size, (n * (n - 1)) / 2, "every pair meets");
    });
  }

  it("are the same for the same seed", () => {
    assert.deepEqual(oneRotational(57, 3, rngFor(57, 3)), oneRotational(57, 3, rngFor(57, 3)));
  });

  it("say none where the search runs to its end (15 and 21 in threes) or its budget is spent", () => {
    assert.equal(oneRotational(15, 3, rngFor(15, 3)), null);
    assert.equal(oneRotational(21, 3, rngFor(21, 3)), null);
    assert.equal(oneRotational(51, 3, rngFor(51, 3), { budget: 100 }), null);
  });

  it("give the engine 33 and 57 in threes at the bound, and through columns of 33, 99 in threes (and 98, 100)", () => {
    const s = perfectStrangerSchedule(33, 3, 16, createRng("kts"));
    assert.equal(s.method, "resolvable");
    assert.equal(s.achievable, 16);
    assert.ok(isPerfectStrangerSchedule(33, 3, s));
    assert.equal(maxPerfectStrangerRounds(57, 3), 28);
    const big = perfectStrangerSchedule(99, 3, 49, createRng("kts"));
    assert.equal(big.method, "transversal");
    assert.equal(big.achievable, 49, "33 rounds across three columns of 33, then the 16 of each column");
    assert.ok(isPerfectStrangerSchedule(99, 3, big));
    assert.equal(maxPerfectStrangerRounds(98, 3), 49);
    assert.equal(maxPerfectStrangerRounds(100, 3), 49);
  });
});
