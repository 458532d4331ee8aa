// The SAT encodings behind the computed ceilings: their cases find schedules that exist and refute those that do not.
import assert from "node:assert/strict";
import { solve } from "../../server/cli/satSolver.js";
import { KNOWN_CEILINGS, strangerCeiling } from "../../server/domain/matching/bounds.js";
import { rowCaseOf, rowCases } from "../../server/domain/matching/rowCases.js";
import { decodeGrid, decodeRounds, gridCases } from "../../server/domain/matching/strangerCnf.js";
import { perfectStrangerSchedule } from "../../server/domain/matching/schedule.js";
import { createRng } from "../../server/domain/rng.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { requireCadical } from "../helpers/services.js";

describe("perfect strangers as SAT", () => {
  it("splits the search into the four relabelling cases, every literal a declared variable", () => {
    const cases = gridCases(4, 5);
    assert.deepEqual(cases.map((c) => c.name), ["row 0", "inside A", "inside B1", "inside B2"]);
    for (const c of cases) {
      for (const clause of c.cnf.clauses) for (const lit of clause) assert.ok(lit !== 0 && Math.abs(lit) <= c.cnf.variables);
    }
    assert.throws(() => gridCases(2, 3), /g ≥ 3/);
  });

  it("splits n ≥ g² by round 2's shape: 21 in fours has two cases, 30 in fives one, 27 in fives three", () => {
    assert.deepEqual(rowCases(21, 4, 6).map((c) => c.name), ["round 2: sitters from rows 1; 012α 0134 0234 1234 1234", "round 2: sitters from rows 1; 123α 0124 0134 0234 1234"]);
    assert.equal(rowCases(30, 5, 7).length, 1);
    // Two of round 2's sitters from one row or from two rows; the α of round 1 together or apart.
    assert.equal(rowCases(27, 5, 6).length, 3);
    for (const c of rowCases(27, 5, 6)) {
      for (const clause of c.cnf.clauses) for (const lit of clause) assert.ok(lit !== 0 && Math.abs(lit) <= c.cnf.variables);
    }
    assert.throws(() => rowCases(15, 4, 3), /n ≥ g²/);
    // Too many third-round choices to hold every formula: refused before any is built, with what to do instead.
    assert.throws(() => rowCases(27, 5, 6, { thirdRound: true }), /3487 cases, more than 2000; split on round 2 alone/);
  });

  it("backs only ceilings it can re-prove (n ≥ g²), and the ceiling uses them (37 in sixes: 4; 30 in fives: 6)", () => {
    const sat = KNOWN_CEILINGS.filter((c) => c.proof === "sat");
    assert.ok(sat.some((c) => c.n === 37 && c.g === 6 && c.rounds === 4));
    assert.ok(sat.some((c) => c.n === 30 && c.g === 5 && c.rounds === 6));
    for (const c of sat) {
      assert.ok(c.n >= c.g * c.g, `${c.n}/${c.g}`);
      assert.equal(strangerCeiling(c.n, c.g).rounds, c.rounds, `${c.n}/${c.g}: the ceiling uses it`);
    }
  });

  describe("with CaDiCaL", () => {
    before(function () {
      requireCadical(this);
    });

    it("finds the schedules that exist (10 in triples, 17 in fours, 4 rounds) and they check", () => {
      for (const g of [3, 4]) {
        const found = gridCases(g, 4).map((c) => solve(c.cnf)).find((v) => v.satisfiable);
        assert.ok(found, `${g * g + 1} in groups of ${g}: 4 rounds exist`);
        const schedule = decodeGrid(g, 4, found.value);
        assert.ok(isPerfectStrangerSchedule(g * g + 1, g, schedule));
        assert.deepEqual(schedule.byes.map((b) => b.length), [1, 1, 1, 1]);
      }
    });

    it("refutes every case where no schedule exists (17 in fours, 5 rounds; 10 in triples, 5 rounds)", () => {
      for (const c of gridCases(4, 5)) assert.equal(solve(c.cnf).satisfiable, false, `17/4, case ${c.name}`);
      for (const c of gridCases(3, 5)) assert.equal(solve(c.cnf).satisfiable, false, `10/3, case ${c.name}`);
    });

    it("by round 2's shape: finds 21 in fours for 5 rounds and Kirkman's 15 schoolgirls, refutes 20 in fours and 12 in triples for one more", () => {
      for (const [n, g, rounds] of [[21, 4, 5], [15, 3, 7], [16, 4, 5]]) {
        const found = rowCases(n, g, rounds).map((c) => solve(c.cnf)).find((v) => v.satisfiable);
        assert.ok(found, `${n}/${g}: ${rounds} rounds exist`);
        assert.ok(isPerfectStrangerSchedule(n, g, decodeRounds(n, g, rounds, found.value)), `${n}/${g}`);
      }
      for (const [n, g, rounds] of [[20, 4, 6], [12, 3, 5], [17, 4, 5]]) {
        for (const c of rowCases(n, g, rounds)) assert.equal(solve(c.cnf).satisfiable, false, `${n}/${g}, ${rounds} rounds, ${c.name}`);
      }
    });

    it("split on a third round as well: refutes 20 in fours for 6 rounds and 26 in fives for 5, finds 20 in fours for 5 and the schoolgirls", function () {
      this.timeout(60_000);
      for (const [n, g, rounds] of [[20, 4, 6], [26, 5, 5]]) {
        const cases = rowCases(n, g, rounds, { thirdRound: true });
        assert.ok(cases.length > rowCases(n, g, rounds).length, `${n}/${g}: more cases`);
        for (const c of cases) assert.equal(solve(c.cnf).satisfiable, false, `${n}/${g}, ${rounds} rounds, ${c.name}`);
      }
      for (const [n, g, rounds] of [[20, 4, 5], [15, 3, 7]]) {
        const found = rowCases(n, g, rounds, { thirdRound: true }).map((c) => solve(c.cnf)).find((v) => v.satisfiable);
        assert.ok(found, `${n}/${g}: ${rounds} rounds exist`);
        assert.ok(isPerfectStrangerSchedule(n, g, decodeRounds(n, g, rounds, found.value)), `${n}/${g}`);
      }
    });

    it("covers the engine's own schedules: each falls in a case once relabelled, and fits its formula", function () {
      this.timeout(60_000);
      for (const [n, g, rounds] of [[21, 4, 5], [22, 4, 6], [27, 5, 5], [30, 5, 6], [24, 4, 7]]) {
        const schedule = perfectStrangerSchedule(n, g, rounds, createRng(`cases:${n}`));
        assert.equal(schedule.rounds.length, rounds, `${n}/${g}: the engine builds ${rounds}`);
        const cases = rowCases(n, g, rounds);
        const hit = rowCaseOf(n, g, schedule, cases);
        assert.ok(hit, `${n}/${g}: some case holds the engine's schedule`);
        const { cnf } = cases[hit.index];
        assert.equal(solve({ variables: cnf.variables, clauses: [...cnf.clauses, ...hit.units.map((u) => [u])] }).satisfiable, true, `${n}/${g}, ${cases[hit.index].name}`);
      }
    });

    it("agrees with the exhaustive search on 26 in fives (no fifth round)", function () {
      this.timeout(60_000);
      assert.ok(KNOWN_CEILINGS.some((c) => c.n === 26 && c.g === 5 && c.rounds === 4 && c.proof === "search"));
      for (const c of gridCases(5, 5)) assert.equal(solve(c.cnf).satisfiable, false, `26/5, case ${c.name}`);
    });
  });
});
