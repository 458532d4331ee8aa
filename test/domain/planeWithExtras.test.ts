// The affine plane with up to q − 1 extras: four rounds for q² + s in groups of q, checked independently.
import assert from "node:assert/strict";
import { planeWithExtras } from "../../server/domain/matching/planeWithExtras.js";
import { maxPerfectStrangerRounds } from "../../server/domain/matching/schedule.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";

describe("affine plane with extras (q² + s in groups of q)", () => {
  it("gives four valid rounds for every prime power q from 3 to 8 and 1 ≤ s < q, everyone sitting out once at most", () => {
    for (const q of [3, 4, 5, 7, 8]) {
      for (let s = 1; s < q; s++) {
        const n = q * q + s;
        const built = planeWithExtras(n, q);
        assert.ok(built, `${n}/${q}`);
        assert.equal(built.rounds.length, 4);
        assert.ok(isPerfectStrangerSchedule(n, q, built), `${n}/${q}`);
        const byes = built.byes.flat();
        assert.equal(new Set(byes).size, 4 * s, `${n}/${q}: ${4 * s} different people sit out`);
        assert.deepEqual(built.byes[0], Array.from({ length: s }, (_, j) => q * q + j), "the extras sit out round 1");
      }
    }
  });

  it("declines what it does not cover: no plane of order 6, no extras, or q extras and more", () => {
    assert.equal(planeWithExtras(37, 6), null);
    assert.equal(planeWithExtras(49, 7), null);
    assert.equal(planeWithExtras(56, 7), null);
    assert.equal(planeWithExtras(5, 2), null);
  });

  it("gives the engine a fourth round for 50 in sevens and 65 in eights (the searches stop at 3)", () => {
    assert.equal(maxPerfectStrangerRounds(50, 7), 4);
    assert.equal(maxPerfectStrangerRounds(65, 8), 4);
  });
});
