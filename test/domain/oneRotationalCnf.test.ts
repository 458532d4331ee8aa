// The SAT form of the 1-rotational search: it finds the designs that exist and settles those that do not.
import assert from "node:assert/strict";
import { solve } from "../../server/cli/satSolver.js";
import { developOneRotational } from "../../server/domain/matching/oneRotational.js";
import { oneRotationalFormula } from "../../server/domain/matching/oneRotationalCnf.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { requireCadical } from "../helpers/services.js";

describe("1-rotational designs as SAT", () => {
  it("takes only n ≡ g (mod g(g − 1)), every literal a declared variable", () => {
    assert.throws(() => oneRotationalFormula(34, 3), /n ≡ g mod g\(g − 1\)/);
    assert.throws(() => oneRotationalFormula(8, 2), /n ≡ g/);
    const { cnf } = oneRotationalFormula(33, 3);
    for (const clause of cnf.clauses) for (const lit of clause) assert.ok(lit !== 0 && Math.abs(lit) <= cnf.variables);
  });

  describe("with CaDiCaL", () => {
    before(function () {
      requireCadical(this);
    });

    it("finds base groups for 9 and 33 in threes and 16 in fours, and they develop into every pair once", () => {
      for (const [n, g] of [[9, 3], [33, 3], [16, 4]] as const) {
        const f = oneRotationalFormula(n, g);
        const v = solve(f.cnf);
        assert.ok(v.satisfiable, `${n}/${g}`);
        const bases = f.decode(v.value);
        assert.equal(bases.length, (n - g) / (g * (g - 1)));
        for (const b of bases) assert.equal(b.length, g);
        const s = developOneRotational(n, g, bases);
        assert.equal(s.rounds.length, (n - 1) / (g - 1));
        assert.ok(isPerfectStrangerSchedule(n, g, s), `${n}/${g} develops into a valid schedule`);
        const met = new Set<string>();
        for (const round of s.rounds) for (const grp of round) for (const a of grp) for (const b of grp) if (a < b) met.add(`${a}:${b}`);
        assert.equal(met.size, (n * (n - 1)) / 2, `${n}/${g}: every pair meets`);
      }
    });

    it("proves that none exists for 15 and 21 in threes and 45 in fives", () => {
      for (const [n, g] of [[15, 3], [21, 3], [45, 5]] as const) assert.equal(solve(oneRotationalFormula(n, g).cnf).satisfiable, false, `${n}/${g}`);
    });
  });
});
