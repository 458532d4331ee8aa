// The SAT form of the cyclic designs: it finds layouts that have a design and settles those that have none.
import assert from "node:assert/strict";
import { layoutOf, satDesign } from "../../server/cli/satDesigns.js";
import { cyclicFormula } from "../../server/domain/matching/cyclicCnf.js";
import { developStored } from "../../server/domain/matching/storedDesigns.js";
import { STORED_DESIGNS } from "../../server/domain/matching/storedDesignTable.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";
import { requireCadical } from "../helpers/services.js";

describe("cyclic designs as SAT", () => {
  it("refuses layouts that do not add up, and declares every literal it uses", () => {
    assert.throws(() => cyclicFormula(38, 6, { bases: 1, orbits: 5, period: 7, fixed: 2 }), /no such layout/);
    assert.throws(() => cyclicFormula(38, 6, { bases: 1, orbits: 4, period: 7, fixed: 10 }), /no such layout/);
    assert.throws(() => cyclicFormula(28, 4, { bases: 1, orbits: 3, period: 9, fixed: 1, group: [3, 2] }), /order 6, not the period 9/);
    const { cnf } = cyclicFormula(38, 6, { bases: 1, orbits: 5, period: 7, fixed: 3 });
    for (const clause of cnf.clauses) for (const lit of clause) assert.ok(lit !== 0 && Math.abs(lit) <= cnf.variables);
  });

  describe("with CaDiCaL", () => {
    before(function () {
      requireCadical(this);
    });

    it("finds 38 in sixes and 31 in fives, 7 rounds each, which the tabu searches needed 10⁸ units for", () => {
      for (const [n, g, orbits, fixed] of [[38, 6, 5, 3], [31, 5, 4, 3]] as const) {
        const layout = { bases: 1, orbits, period: 7, fixed };
        const r = satDesign(n, g, layout, 60);
        assert.ok(r.design, `${n}/${g}`);
        assert.deepEqual(layoutOf(r.design), layout);
        assert.equal(r.design.found.search, "sat");
        const s = developStored(r.design);
        assert.equal(s.rounds.length, 7);
        assert.ok(isPerfectStrangerSchedule(n, g, s), `${n}/${g} checks`);
        assert.deepEqual(satDesign(n, g, layout, 60).design?.bases, r.design.bases, "the same formula gives the same design");
      }
    });

    it("develops over a non-cyclic group: 28 in fours over Z_3 × Z_3, 9 rounds (every pair once), stored with its group", () => {
      const layout = { bases: 1, orbits: 3, period: 9, fixed: 1, group: [3, 3] };
      const r = satDesign(28, 4, layout, 60);
      assert.ok(r.design);
      assert.deepEqual(r.design.group, [3, 3]);
      assert.deepEqual(layoutOf(r.design), layout);
      const s = developStored(r.design);
      assert.equal(s.rounds.length, 9);
      assert.ok(isPerfectStrangerSchedule(28, 4, s));
      // Developed over Z_9 instead, the same base round repeats pairs: the group is part of the design.
      assert.equal(isPerfectStrangerSchedule(28, 4, developStored({ ...r.design, group: undefined })), false);
    });

    it("tells groups of one order apart: 17 in threes, 8 rounds, exists over Z_8 but not over Z_2 × Z_4", () => {
      assert.ok(satDesign(17, 3, { bases: 1, orbits: 2, period: 8, fixed: 1 }, 60).design);
      const none = satDesign(17, 3, { bases: 1, orbits: 2, period: 8, fixed: 1, group: [2, 4] }, 60);
      assert.equal(none.design, null);
      assert.equal(none.unknown, false);
    });

    it("finds every stored SAT design again from its layout, group and seconds (what find:designs --again does)", function () {
      // 53 and 54 in sevens take CaDiCaL some 14 and 7 s here (each within its recorded 60 s).
      this.timeout(180_000);
      const stored = STORED_DESIGNS.filter((d) => d.found.search === "sat");
      assert.ok(stored.some((d) => d.group), "one of them is developed over a non-cyclic group");
      for (const d of stored) assert.deepEqual(satDesign(d.n, d.g, layoutOf(d), d.found.budget).design?.bases, d.bases, `${d.n}/${d.g}`);
    });

    it("proves that 28 in fives has no design on 4 orbits of 6 with 4 fixed points", () => {
      const none = satDesign(28, 5, { bases: 1, orbits: 4, period: 6, fixed: 4 }, 60);
      assert.equal(none.design, null);
      assert.equal(none.unknown, false);
    });
  });
});
