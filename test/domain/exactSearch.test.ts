// The exhaustive search: what it finds is valid, what it rules out agrees with known theorems, ceilings it proves hold.
import assert from "node:assert/strict";
import { KNOWN_CEILINGS, strangerCeiling } from "../../server/domain/matching/bounds.js";
import { EXACT_MAX_N, exactStrangers, extendStrangers } from "../../server/domain/matching/exactSearch.js";
import { maxPerfectStrangerRounds, perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { affineSchedule } from "../../server/domain/matching/affine.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { createRng } from "../../server/domain/rng.js";

describe("exhaustive perfect-stranger search", () => {
  it("finds schedules where they exist: 10 in threes for 4 rounds, 16 in fours for 5 (affine plane), 18 in fours for 5", () => {
    for (const [n, g, r] of [[10, 3, 4], [16, 4, 5], [18, 4, 5], [13, 3, 6]]) {
      const s = exactStrangers(n, g, r, { budget: 2_000_000 });
      assert.equal(s.exhausted, true, `${n}/${g}`);
      assert.equal(s.rounds.length, r, `${n}/${g}`);
      assert.ok(isPerfectStrangerSchedule(n, g, s), `${n}/${g}: the checker accepts it`);
      const byes = s.byes.flat();
      assert.equal(new Set(byes).size, byes.length, `${n}/${g}: nobody sits out twice`);
    }
  });

  it("rules out what theorems rule out: 12 in threes has no 5 rounds (no NKTS(12)), 10 in threes no 5 (counting)", () => {
    for (const [n, g] of [[12, 3], [10, 3]]) {
      const s = exactStrangers(n, g, 5, { budget: 2_000_000 });
      assert.deepEqual([s.exhausted, s.rounds.length], [true, 0], `${n}/${g}`);
    }
  });

  it("re-proves the ceilings that rest on search and are cheap enough here (17 in fours: no fifth round)", () => {
    const searched = KNOWN_CEILINGS.filter((c) => c.proof === "search");
    assert.ok(searched.some((c) => c.n === 17 && c.g === 4 && c.rounds === 4));
    for (const c of searched) {
      // Each must be something the search can settle: n ≤ 128 and distinct byes over rounds + 1.
      assert.ok(c.n <= EXACT_MAX_N && (c.rounds + 1) * (c.n % c.g) <= c.n, `${c.n}/${c.g}`);
      assert.equal(strangerCeiling(c.n, c.g).rounds, c.rounds, `${c.n}/${c.g}: the ceiling uses it`);
    }
    const s = exactStrangers(17, 4, 5, { budget: 2_000_000 });
    assert.deepEqual([s.exhausted, s.rounds.length], [true, 0]);
  });

  it("stops at its budget without claiming anything, and declines what it cannot settle", () => {
    const cut = exactStrangers(20, 4, 6, { budget: 1_000 });
    assert.deepEqual([cut.exhausted, cut.rounds.length], [false, 0]);
    assert.ok(cut.nodes > 1_000 && cut.nodes < 1_010, "it stops within a step of the budget");
    assert.equal(exactStrangers(EXACT_MAX_N + 1, 5, 2).exhausted, false, "more than 128 participants");
    assert.equal(exactStrangers(10, 3, 11).exhausted, false, "someone would sit out twice");
    assert.deepEqual(exactStrangers(9, 3, 1).rounds.length, 1);
  });

  it("gives the engine a round more for 18 in fours (5, the bound) and is deterministic", () => {
    assert.equal(maxPerfectStrangerRounds(18, 4), 5);
    const a = perfectStrangerSchedule(18, 4, 5, createRng("seed"));
    const b = perfectStrangerSchedule(18, 4, 5, createRng("seed"));
    // The plane with two extras gives four rounds; the exhaustive completion adds the fifth.
    assert.deepEqual([a.method, a.added], ["planeWithExtras", 1]);
    assert.deepEqual(a.rounds, b.rounds);
    assert.ok(isPerfectStrangerSchedule(18, 4, a));
  });

  it("completes a schedule: the affine plane's fifth round from its first four, and nothing where none exists", () => {
    const plane = affineSchedule(4, 2);
    const four = { rounds: plane.rounds.slice(0, 4), byes: plane.byes.slice(0, 4) };
    const done = extendStrangers(16, 4, four, 1);
    assert.equal(done.rounds.length, 5);
    assert.deepEqual(done.rounds.slice(0, 4), four.rounds, "the given rounds are kept as they are");
    assert.ok(isPerfectStrangerSchedule(16, 4, done));
    const twelve = exactStrangers(12, 3, 4);
    const none = extendStrangers(12, 3, twelve, 1);
    assert.deepEqual([none.exhausted, none.rounds.length], [true, 0], "12 in threes has no fifth round at all");
    assert.equal(extendStrangers(10, 3, exactStrangers(10, 3, 4), 7).exhausted, false, "someone would sit out twice");
  });

  it("gives the engine rounds on top of what the constructions build (60 in sixes: 6 → 7)", () => {
    const s = perfectStrangerSchedule(60, 6, 99, createRng("seed"));
    assert.ok(s.achievable >= 7, `built ${s.achievable}`);
    assert.ok(s.added >= 1);
    assert.ok(isPerfectStrangerSchedule(60, 6, s));
  });
});
