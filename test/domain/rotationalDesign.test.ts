// Multiplier designs over GF(q): which (n, g) they fit, and that what they build is a valid, exact, replayable schedule.
import assert from "node:assert/strict";
import { rotationalDesigns, rotationalStrangers } from "../../server/domain/matching/rotationalDesign.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { maxPerfectStrangerRounds } from "../../server/domain/matching/schedule.js";
import { assertRound, range, repeatMeetings } from "../helpers/schedules.js";

/** Distinct pairs that share a group in the schedule. */
function pairsMet(rounds: number[][][]): number {
  const met = new Set<string>();
  for (const groups of rounds) for (const grp of groups) for (const a of grp) for (const b of grp) if (a < b) met.add(`${a}:${b}`);
  return met.size;
}

describe("rotational designs (multipliers over GF(q))", () => {
  it("fit c = g − 1 columns of an odd prime power, fewer than g fixed points, and the zeros grouped or sitting out", () => {
    assert.deepEqual(rotationalDesigns(40, 4), [
      { q: 13, columns: 3, fixed: 1, shift: 0, order: 3, zeros: "group" },
      { q: 13, columns: 3, fixed: 1, shift: 1, order: 3, zeros: "group" },
    ]);
    assert.deepEqual(rotationalDesigns(88, 4), [{ q: 29, columns: 3, fixed: 1, shift: 0, order: 7, zeros: "group" }]);
    assert.deepEqual(rotationalDesigns(39, 4)[0], { q: 13, columns: 3, fixed: 0, shift: 0, order: 3, zeros: "out" });
    assert.deepEqual(rotationalDesigns(60, 4), [{ q: 19, columns: 3, fixed: 3, shift: 1, order: 3, zeros: "group" }]);
    assert.deepEqual(rotationalDesigns(52, 4), [], "q = 17: (q − 1)/4 has no odd factor and 3 does not divide 16");
    assert.deepEqual(rotationalDesigns(64, 8), [], "GF(8) has characteristic 2");
    assert.deepEqual(rotationalDesigns(20, 2), [], "pairs are round robin's");
  });

  it("builds 88 in fours for 29 rounds in which every pair meets exactly once (a resolvable design)", () => {
    const s = rotationalStrangers(88, 4, 0);
    assert.equal(s.rounds.length, 29);
    s.rounds.forEach((groups, r) => assertRound(groups, s.byes[r], range(88), 4, `round ${r + 1}:`));
    assert.equal(repeatMeetings(s.rounds), 0);
    assert.equal(pairsMet(s.rounds), (88 * 87) / 2, "every pair met");
    assert.ok(isPerfectStrangerSchedule(88, 4, s));
  });

  it("seats the zeros out in turn when they are the n mod g sitting out: 39 in fours for 13 rounds, above ⌊38/3⌋", () => {
    const s = rotationalStrangers(39, 4, 0);
    assert.equal(s.rounds.length, 13);
    assert.ok(isPerfectStrangerSchedule(39, 4, s));
    const counts = range(39).map((p) => s.byes.flat().filter((x) => x === p).length);
    assert.deepEqual(counts, range(39).map(() => 1), "everyone sits out exactly once");
  });

  it("is deterministic, looks only above `above`, and the budget bounds the work", () => {
    const a = rotationalStrangers(87, 4, 0);
    assert.deepEqual(rotationalStrangers(87, 4, 0), a);
    assert.ok(isPerfectStrangerSchedule(87, 4, a));
    assert.deepEqual(rotationalStrangers(87, 4, 29), { rounds: [], byes: [], design: null, work: 0 });
    const small = rotationalStrangers(96, 4, 0, { budget: 10_000 });
    assert.equal(small.rounds.length, 0);
    assert.ok(small.work < 10_100, `work ${small.work}`);
  });

  it("searches exhaustively: 60 in fours reaches the bound, and no such first round exists for 60 in sixes", () => {
    const s = rotationalStrangers(60, 4, 0, { budget: 20_000_000 });
    assert.equal(s.rounds.length, 19);
    assert.ok(isPerfectStrangerSchedule(60, 4, s));
    // 60 = 5·11 + 5: the search runs through every first round of that form (shift 1, ω of order 5) and finds none.
    const none = rotationalStrangers(60, 6, 0, { budget: 20_000_000 });
    assert.equal(none.rounds.length, 0);
    assert.ok(none.work < 20_000_000, "the search ended before the budget: there is none");
  });

  it("gives the engine the bound for 40, 60 and 88 in fours (the cyclic search alone stalled at 11, 17 and 25)", () => {
    assert.equal(maxPerfectStrangerRounds(40, 4), 13);
    assert.equal(maxPerfectStrangerRounds(60, 4), 19);
    assert.equal(maxPerfectStrangerRounds(88, 4), 29);
  });
});
