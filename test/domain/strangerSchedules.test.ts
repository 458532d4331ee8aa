// Perfect-stranger schedules: constructions are optimal and valid, the search is valid and deterministic, edge cases.
import assert from "node:assert/strict";
import fc from "fast-check";
import { affineDimension, affineSchedule } from "../../server/domain/matching/affine.js";
import { roleCeiling, strangerBound, strangerCeiling } from "../../server/domain/matching/bounds.js";
import { cyclicDesigns, cyclicStrangers } from "../../server/domain/matching/cyclicDesign.js";
import { multiCyclicStrangers, multiDesigns } from "../../server/domain/matching/cyclicMulti.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { roundRobin } from "../../server/domain/matching/roundRobin.js";
import { maxPerfectStrangerRounds, perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { searchStrangers } from "../../server/domain/matching/strangerSearch.js";
import { hasTransversal, partialTransversal, primePowerFactors, transversalLimit, transversalSchedule } from "../../server/domain/matching/transversal.js";
import { transversalPlan } from "../../server/domain/matching/transversalPlans.js";
import { createRng } from "../../server/domain/rng.js";
import { assertRound, range, repeatMeetings } from "../helpers/schedules.js";

/** Valid perfect-stranger rounds for 0..n−1 in groups of g; returns how many. */
function check(n: number, g: number, s: { rounds: number[][][]; byes: number[][] }): number {
  assert.equal(s.byes.length, s.rounds.length);
  s.rounds.forEach((groups, r) => {
    assertRound(groups, s.byes[r], range(n), g, `round ${r + 1}:`);
    assert.equal(s.byes[r].length, n % g, "exactly n mod g sit out");
  });
  assert.equal(repeatMeetings(s.rounds), 0, "a pair met twice");
  return s.rounds.length;
}

describe("perfect-stranger schedules", () => {
  describe("roundRobin", () => {
    it("gives n − 1 rounds for even n and n rounds with one bye each for odd n", () => {
      for (const n of [2, 4, 8, 30, 100]) assert.equal(check(n, 2, roundRobin(n)), n - 1);
      for (const n of [3, 5, 9, 31, 99]) {
        const s = roundRobin(n);
        assert.equal(check(n, 2, s), n);
        assert.deepEqual(s.byes.flat().sort((a, b) => a - b), range(n), "everyone sits out exactly once");
      }
      assert.deepEqual(roundRobin(1), { rounds: [], byes: [] });
    });

    it("lets every pair meet exactly once", () => {
      const s = roundRobin(10);
      assert.equal(s.rounds.flat().length, (10 * 9) / 2);
    });
  });

  describe("affine", () => {
    it("finds q^d = n for prime-power q only", () => {
      assert.equal(affineDimension(16, 4), 2);
      assert.equal(affineDimension(64, 4), 3);
      assert.equal(affineDimension(81, 3), 4);
      assert.equal(affineDimension(36, 6), null, "6 is not a prime power");
      assert.equal(affineDimension(4, 4), null, "one group only");
      assert.equal(affineDimension(24, 4), null);
    });

    for (const [q, d] of [[3, 2], [4, 2], [5, 2], [7, 2], [8, 2], [9, 2], [3, 3], [4, 3], [2, 5], [3, 4]]) {
      it(`AG(${d}, ${q}): ${q ** d} in groups of ${q}, (n − 1)/(q − 1) rounds, every pair once`, () => {
        const n = q ** d;
        const s = affineSchedule(q, d);
        assert.equal(check(n, q, s), (n - 1) / (q - 1));
        assert.equal(s.rounds.length * (n / q) * ((q * (q - 1)) / 2), (n * (n - 1)) / 2, "all pairs are used");
      });
    }
  });

  describe("transversal", () => {
    it("factors k into prime powers and knows MacNeish's limit", () => {
      assert.deepEqual(primePowerFactors(12), [4, 3]);
      assert.deepEqual(primePowerFactors(100), [4, 25]);
      assert.deepEqual(primePowerFactors(1), []);
      assert.equal(transversalLimit(12), 3);
      assert.equal(transversalLimit(7), 7);
      assert.equal(transversalLimit(6), 2);
    });

    for (const [g, k] of [[2, 6], [3, 4], [3, 12], [4, 20], [5, 7], [8, 8], [4, 25], [6, 12], [4, 21]]) {
      it(`g = ${g}, k = ${k}: k rounds of one member per role, round 1 = rows`, () => {
        const s = transversalSchedule(g, k)!;
        assert.equal(check(g * k, g, s), k);
        assert.deepEqual(s.rounds[0], range(k).map((row) => range(g).map((j) => j * k + row)));
        for (const groups of s.rounds) for (const grp of groups) assert.deepEqual(grp.map((p) => Math.floor(p / k)), range(g));
      });
    }

    it("goes beyond MacNeish's limit where a difference matrix is found, and refuses where none is", () => {
      assert.equal(transversalSchedule(4, 6), null, "no difference matrix of order 6 has a third row");
      assert.equal(transversalSchedule(7, 12), null);
      assert.ok(hasTransversal(6, 12) && hasTransversal(4, 24) && hasTransversal(3, 12));
      assert.ok(!hasTransversal(3, 10) && !hasTransversal(1, 12));
    });

    for (const [g, k, rounds] of [[7, 12, 9], [6, 15, 12]]) {
      it(`g = ${g}, k = ${k} (no design for ${g} roles): the last role joins ${rounds} of the ${k} rounds for ${g - 1}`, () => {
        const s = partialTransversal(g, k)!;
        assert.equal(check(g * k, g, s), rounds);
        assert.ok(isPerfectStrangerSchedule(g * k, g, s));
        for (const groups of s.rounds) for (const grp of groups) assert.deepEqual(grp.map((p) => Math.floor(p / k)), range(g));
      });
    }

    it("builds no partial design where the full one exists, or where g − 1 roles have none either", () => {
      assert.equal(partialTransversal(6, 12), null, "6 roles on 12 rows: the full design");
      assert.equal(partialTransversal(5, 10), null, "4 roles on 10 rows: no difference matrix");
      assert.equal(partialTransversal(4, 7), null, "within MacNeish's limit");
    });
  });

  describe("transversalPlan", () => {
    // A column schedule found by a small search: the plan's inner schedule, cheap and deterministic.
    const inner = (g: number) => (k: number) => searchStrangers(k, g, 6, createRng(`inner:${k}:${g}`), { budget: 50_000 });

    it("is valid wherever it applies (n ≤ 100, g 3–8): nobody meets twice, sits out twice or plays in another size", () => {
      let applied = 0;
      for (let n = 8; n <= 100; n++) {
        for (let g = 3; g <= 8; g++) {
          const s = transversalPlan(n, g, inner(g));
          if (!s) continue;
          applied++;
          check(n, g, s);
          assert.ok(isPerfectStrangerSchedule(n, g, s), `${n} in groups of ${g}`);
          // Where the design on k = ⌊n/g⌋ rows applies, its k rounds less at most one; where only the many-spares
          // plan does (e > k, or k too small for the design), at least one round.
          const k = Math.floor(n / g);
          const e = n - g * k;
          const classic = e <= k && hasTransversal(e > 0 ? g + 1 : g, k);
          assert.ok(s.rounds.length >= (classic ? k - 1 : 1), `${n}/${g}: ${s.rounds.length} rounds`);
        }
      }
      assert.ok(applied > 100, `applied to ${applied} cases`);
    });

    it("adds a spare column: g·q + e (0 < e < g) get the q rounds of the design on g + 1 columns", () => {
      // 75 = 8·9 + 3: nine groups of eight, three sit out, nine rounds (the bound is 10).
      const s = transversalPlan(75, 8, inner(8))!;
      assert.equal(check(75, 8, s), 9);
      assert.equal(new Set(s.byes.flat()).size, 27, "27 different participants sit out, once each");
    });

    it("meets inside the columns: row round left out, columns seated alike, rows left out as row groups", () => {
      // 45 = 5·9: 8 rounds across + 2 with the columns split 5 + 4 and the four rows left out as groups.
      assert.equal(check(45, 5, transversalPlan(45, 5, inner(5))!), 10);
      // With spares (on rows left out in one of the two column rounds, sitting the other out).
      assert.equal(check(47, 5, transversalPlan(47, 5, inner(5))!), 10);
      assert.equal(check(70, 6, transversalPlan(70, 6, inner(6))!), 12);
      assert.equal(check(92, 7, transversalPlan(92, 7, inner(7))!), 14);
    });

    it("takes g or more spares by grouping, each round, the members of one column their lines give up", () => {
      // 80 = 8·9 + 8: nine columns of nine hold 72; the 8 spares' lines each give up a member of one column, and those
      // 8 (strangers so far) form a ninth group. Eight of the nine rounds find such a column (4 by search alone).
      const s = transversalPlan(80, 8, inner(8))!;
      assert.equal(check(80, 8, s), 8);
      assert.equal(check(100, 7, transversalPlan(100, 7, inner(7))!), 12); // 7·13 + 9 spares, 7 of them grouped
    });

    it("applies only where the design exists: k's prime-power factors at least g (g + 1 with spares)", () => {
      assert.equal(transversalPlan(36, 6, inner(6)), null); // no two orthogonal Latin squares of order 6
      assert.equal(transversalPlan(37, 6, inner(6)), null); // 6 = 2·3: MacNeish's limit is 2, and 5 rows are too few
      assert.equal(transversalPlan(55, 7, inner(7)), null); // 7 rows carry at most 7 columns, not 7 + a spare
    });
  });

  describe("searchStrangers", () => {
    it("builds valid rounds, deterministically for a seed and budget", () => {
      const a = searchStrangers(21, 3, 10, createRng("s"), { budget: 300_000 });
      const b = searchStrangers(21, 3, 10, createRng("s"), { budget: 300_000 });
      assert.deepEqual(a, b);
      assert.ok(check(21, 3, a) >= 7, `only ${a.rounds.length} rounds`);
    });

    it("spreads sitting out evenly when n is not a multiple of g", () => {
      const s = searchStrangers(14, 4, 4, createRng("byes"), { budget: 200_000 });
      check(14, 4, s);
      const counts = range(14).map((p) => s.byes.flat().filter((x) => x === p).length);
      assert.ok(Math.max(...counts) - Math.min(...counts) <= 1, JSON.stringify(counts));
    });

    it("keeps roles and the given first round", () => {
      const first = range(6).map((row) => range(4).map((j) => row * 4 + j));
      const s = searchStrangers(24, 4, 6, createRng("roles"), { roles: range(24).map((i) => i % 4), first, budget: 300_000 });
      check(24, 4, s);
      assert.deepEqual(s.rounds[0], first);
      for (const groups of s.rounds) for (const grp of groups) assert.deepEqual(grp.map((p) => p % 4).sort(), [0, 1, 2, 3]);
    });

    it("stops at the budget with the rounds completed so far", () => {
      const s = searchStrangers(40, 4, 13, createRng("tight"), { budget: 2_000 });
      assert.ok(s.rounds.length < 13);
      check(40, 4, s);
    });
  });

  describe("cyclicStrangers", () => {
    it("proposes Z_m × (g − 1 orbits) ∪ fixed points first, and leaves out designs counting rules out", () => {
      assert.deepEqual(cyclicDesigns(15, 3, 7)[0], { orbits: 2, period: 7, fixed: 1 });
      assert.deepEqual(cyclicDesigns(99, 3, 49)[0], { orbits: 2, period: 49, fixed: 1 });
      assert.deepEqual(cyclicDesigns(14, 3, 7), [{ orbits: 2, period: 7, fixed: 0 }], "7 rounds for 14 need both orbits to sit out");
      assert.deepEqual(cyclicDesigns(30, 3, 15), [], "15 rounds would need 30 others");
      assert.deepEqual(cyclicDesigns(20, 2, 5), [], "pairs are round robin's");
    });

    it("builds Kirkman's 15 schoolgirls (7 rounds of triples) and 99 in triples up to the bound", () => {
      const kts = cyclicStrangers(15, 3, 7, createRng("kts15"));
      assert.deepEqual(kts.design, { orbits: 2, period: 7, fixed: 1 });
      assert.equal(check(15, 3, kts), 7);
      assert.ok(isPerfectStrangerSchedule(15, 3, kts));
      const big = cyclicStrangers(99, 3, 49, createRng("kts99"));
      assert.ok(check(99, 3, big) >= 45, `only ${big.rounds.length} of 49 rounds`);
    });

    it("spreads sitting out: nobody sits out twice, each orbit gives at most one a round", () => {
      const s = cyclicStrangers(26, 3, 13, createRng("byes"));
      assert.ok(check(26, 3, s) >= 12);
      assert.ok(isPerfectStrangerSchedule(26, 3, s));
      const counts = range(26).map((p) => s.byes.flat().filter((x) => x === p).length);
      assert.ok(Math.max(...counts) <= 1, JSON.stringify(counts));
    });

    it("is deterministic for a seed and budget, and looks only above `above`", () => {
      const a = cyclicStrangers(40, 4, 13, createRng("d"), { budget: 200_000 });
      assert.deepEqual(cyclicStrangers(40, 4, 13, createRng("d"), { budget: 200_000 }), a);
      check(40, 4, a);
      const none = cyclicStrangers(40, 4, 13, createRng("d"), { budget: 200_000, above: 13 });
      assert.deepEqual([none.rounds.length, none.design], [0, null]);
      assert.ok(cyclicStrangers(40, 4, 13, createRng("d"), { budget: 1_000 }).work < 20_000, "the budget bounds the work");
    });

    it("has an independent checker that catches repeats, wrong sizes and unfair sitting out", () => {
      const good = { rounds: [[[0, 1, 2]], [[0, 3, 4]]], byes: [[3, 4], [1, 2]] };
      assert.ok(isPerfectStrangerSchedule(5, 3, good));
      assert.ok(!isPerfectStrangerSchedule(5, 3, { rounds: [[[0, 1, 2]], [[0, 1, 3]]], byes: [[3, 4], [2, 4]] }), "0 and 1 meet twice");
      assert.ok(!isPerfectStrangerSchedule(5, 3, { rounds: [[[0, 1]]], byes: [[2, 3, 4]] }), "a group of two");
      assert.ok(!isPerfectStrangerSchedule(7, 3, { rounds: [[[0, 1, 2], [3, 4, 5]], [[0, 3, 6], [1, 4, 2]]], byes: [[6], [5]] }), "1 and 2 meet twice");
      const unfair = { rounds: [[[0, 1], [2, 3]], [[0, 2], [1, 3]]], byes: [[4], [4]] };
      assert.ok(!isPerfectStrangerSchedule(5, 2, unfair), "4 sits out twice before 0 once");
    });
  });

  describe("multiCyclicStrangers", () => {
    it("proposes t base rounds over Z_h with t·(g − 1) orbits first, and nothing for a prime number of rounds", () => {
      assert.deepEqual(multiDesigns(28, 5, 6)[0], { bases: 2, orbits: 8, period: 3, fixed: 4 });
      assert.deepEqual(multiDesigns(13, 3, 6), [{ bases: 2, orbits: 4, period: 3, fixed: 1 }]);
      assert.deepEqual(multiDesigns(30, 5, 7), [], "7 rounds cannot split into base rounds");
      assert.deepEqual(multiDesigns(20, 2, 6), [], "pairs are round robin's");
    });

    it("builds 28 in groups of 5 up to the bound (6 rounds), nobody sitting out twice", () => {
      const s = multiCyclicStrangers(28, 5, 6, createRng("m28"));
      assert.equal(check(28, 5, s), 6);
      assert.ok(isPerfectStrangerSchedule(28, 5, s));
      const counts = range(28).map((p) => s.byes.flat().filter((x) => x === p).length);
      assert.ok(Math.max(...counts) <= 1, JSON.stringify(counts));
      assert.equal(check(13, 3, multiCyclicStrangers(13, 3, 6, createRng("m13"))), 6);
    });

    it("is deterministic for a seed and budget, and looks only above `above`", () => {
      const a = multiCyclicStrangers(28, 5, 6, createRng("d"), { budget: 300_000 });
      assert.deepEqual(multiCyclicStrangers(28, 5, 6, createRng("d"), { budget: 300_000 }), a);
      assert.equal(multiCyclicStrangers(28, 5, 6, createRng("d"), { above: 6 }).rounds.length, 0);
      assert.ok(multiCyclicStrangers(28, 5, 6, createRng("d"), { budget: 1_000 }).work < 100_000, "the budget bounds the work");
    });
  });

  describe("bounds", () => {
    it("quotes ⌊(n − 1)/(g − 1)⌋ and a proven ceiling", () => {
      assert.equal(strangerBound(16, 4), 5);
      assert.equal(strangerBound(3, 4), 0);
      assert.deepEqual(strangerCeiling(16, 4).rounds, 5);
      assert.equal(strangerCeiling(5, 2).rounds, 5, "a bye each round allows n rounds");
      assert.equal(strangerCeiling(8, 4).rounds, 1, "two groups of four cannot be re-split without a repeat");
      assert.equal(strangerCeiling(12, 3).rounds, 4);
      assert.equal(strangerCeiling(36, 6).rounds, 3);
      assert.equal(strangerCeiling(35, 6).rounds, 3, "35 in sixes plus one sitting out with the sitters is 36 in sixes");
      assert.match(strangerCeiling(35, 6).reason, /Tarry/);
      assert.equal(strangerCeiling(24, 5).rounds, 6, "24 in fives: 25 in fives has 6 rounds, so nothing lower");
      assert.equal(strangerCeiling(3, 4).rounds, 0);
      assert.equal(roleCeiling(24, 4).rounds, 6);
      assert.equal(roleCeiling(12, 4).rounds, 1);
    });
  });

  describe("perfectStrangerSchedule", () => {
    // Untimed: the first call for a case runs the full default search (well under a second each).
    it("is optimal for groups of two and the affine cases", () => {
      assert.deepEqual([maxPerfectStrangerRounds(10, 2), maxPerfectStrangerRounds(11, 2)], [9, 11]);
      assert.equal(maxPerfectStrangerRounds(25, 5), 6);
      assert.equal(maxPerfectStrangerRounds(27, 3), 13);
      assert.equal(maxPerfectStrangerRounds(64, 4), 21);
      assert.equal(perfectStrangerSchedule(49, 7, 3, createRng("x")).method, "affine");
    });

    it("uses transversal designs where they reach further than search", () => {
      const s = perfectStrangerSchedule(80, 4, 100, createRng("t"), { budget: 100_000 });
      assert.equal(s.method, "transversal");
      assert.equal(check(80, 4, s), 25); // 20 rounds across the columns + 5 within (the bound is 26)
      // 75 in groups of 8: nine rounds on a spare column, where search alone built four.
      assert.equal(check(75, 8, perfectStrangerSchedule(75, 8, 100, createRng("t"), { budget: 100_000 })), 9);
    });

    it("handles n not divisible by g: the leftovers sit out in turn, groups are never another size", () => {
      const s = perfectStrangerSchedule(22, 4, 4, createRng("odd"), { budget: 200_000 });
      assert.equal(check(22, 4, s), 4);
      assert.ok(s.byes.every((b) => b.length === 2));
      // After every round, sitting out is spread within one: nobody twice before everyone once.
      for (const n of [7, 9, 11]) {
        const odd = perfectStrangerSchedule(n, 2, n, createRng(`rr${n}`));
        const counts = new Map<number, number>();
        for (const b of odd.byes) {
          for (const p of b) counts.set(p, (counts.get(p) ?? 0) + 1);
          assert.ok(Math.max(...counts.values()) <= 1, "someone sat out twice before everyone once");
        }
      }
    });

    it("handles fewer participants than rounds: returns what is achievable and says so", () => {
      const s = perfectStrangerSchedule(6, 2, 20, createRng("few"));
      assert.equal(s.achievable, 5);
      assert.equal(check(6, 2, s), 5);
    });

    it("handles fewer participants than a group: no rounds", () => {
      const s = perfectStrangerSchedule(3, 4, 5, createRng("none"));
      assert.deepEqual({ ...s }, { rounds: [], byes: [], achievable: 0, method: "none", added: 0 });
      assert.equal(maxPerfectStrangerRounds(3, 4), 0);
    });

    it("gives exactly `rounds` when fewer than achievable are asked for", () => {
      assert.equal(check(16, 4, perfectStrangerSchedule(16, 4, 3, createRng("three"))), 3);
    });

    it("keeps roles: round 1 is the given seating and every group holds one of each seat", () => {
      const s = perfectStrangerSchedule(20, 4, 5, createRng("roles"), { preserveRoles: true, budget: 200_000 });
      assert.equal(s.achievable, 5);
      assert.equal(check(20, 4, s), 5);
      assert.deepEqual(s.rounds[0].map((grp) => grp[0]).sort((a, b) => a - b), [0, 4, 8, 12, 16]);
      for (const groups of s.rounds) for (const grp of groups) assert.deepEqual(grp.map((p) => p % 4), [0, 1, 2, 3]);
    });

    it("is the same for the same seed, and differs between seeds", () => {
      const a = perfectStrangerSchedule(24, 3, 8, createRng("seed-1"), { budget: 200_000 });
      assert.deepEqual(perfectStrangerSchedule(24, 3, 8, createRng("seed-1"), { budget: 200_000 }), a);
      assert.notDeepEqual(perfectStrangerSchedule(24, 3, 8, createRng("seed-2"), { budget: 200_000 }).rounds, a.rounds);
    });

    it("is always valid and never exceeds the ceiling (property)", () => {
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 30 }), fc.integer({ min: 2, max: 6 }), fc.integer({ min: 1, max: 12 }), fc.boolean(), fc.string(), (n, g, rounds, roles, seed) => {
          const preserveRoles = roles && n % g === 0;
          const options = { preserveRoles, budget: 30_000 };
          const s = perfectStrangerSchedule(n, g, rounds, createRng(seed), options);
          assert.equal(check(n, g, s), Math.min(rounds, s.achievable));
          assert.equal(s.achievable, maxPerfectStrangerRounds(n, g, options));
          assert.ok(s.achievable <= (preserveRoles ? roleCeiling(n, g) : strangerCeiling(n, g)).rounds);
        }),
        { numRuns: 150 },
      );
    });
  });

  describe("shrunk from the cohort one larger", () => {
    for (const [n, g, rounds] of [[64, 5, 16], [84, 5, 21], [48, 7, 8]]) {
      it(`${n} in groups of ${g}: the ${rounds} rounds of ${n + 1}, the last participant's group sitting out, nobody twice`, () => {
        const s = perfectStrangerSchedule(n, g, rounds, createRng("shrunk"));
        assert.equal(s.achievable, rounds);
        assert.equal(s.method, "shrunk");
        assert.equal(check(n, g, s), rounds);
        assert.ok(s.byes.every((b) => b.length === g - 1));
        const out = s.byes.flat();
        assert.equal(new Set(out).size, out.length, "nobody sits out twice");
        assert.ok(isPerfectStrangerSchedule(n, g, s));
      });
    }
  });
});
