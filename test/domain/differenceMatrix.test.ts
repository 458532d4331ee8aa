// Difference matrices by search: the defining property, and the orders that cannot have them.
import assert from "node:assert/strict";
import { differenceMatrix, isDifferenceMatrix as checks, searchDifferenceMatrix } from "../../server/domain/matching/differenceMatrix.js";
import { STORED_MATRICES } from "../../server/domain/matching/differenceMatrixTable.js";
import { transversalSchedule } from "../../server/domain/matching/transversal.js";
import { isPerfectStrangerSchedule } from "../../server/domain/matching/scheduleCheck.js";

/** For every two rows, the differences over the columns are every group element once. */
function isDifferenceMatrix(k: number, rows: Int32Array[], add: (a: number, b: number) => number): boolean {
  const neg = Int32Array.from({ length: k }, (_, a) => Array.from({ length: k }, (_, x) => x).find((x) => add(a, x) === 0)!);
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const seen = new Set<number>();
      for (let a = 0; a < k; a++) seen.add(add(rows[i][a], neg[rows[j][a]]));
      if (seen.size !== k) return false;
    }
  }
  return true;
}

describe("difference matrices", () => {
  for (const [k, rows] of [[12, 6], [15, 4], [20, 4], [21, 4], [24, 4]]) {
    it(`(${k}, ${rows}, 1): found, zero first row and column, and every two rows differ by each element once`, () => {
      const d = differenceMatrix(k, rows)!;
      assert.ok(d, "found");
      assert.equal(d.rows.length, rows);
      assert.equal(d.group.reduce((a, b) => a * b, 1), k);
      assert.ok(d.rows[0].every((x) => x === 0) && d.rows.every((r) => r[0] === 0));
      assert.ok(isDifferenceMatrix(k, d.rows, d.add));
    });
  }

  for (const [k, rows] of [[15, 5], [20, 5]]) {
    it(`(${k}, ${rows}, 1) comes from the stored table (a search the engine cannot afford), checked as above`, () => {
      const stored = STORED_MATRICES.find((m) => m.k === k)!;
      assert.ok(stored && stored.rows.length >= rows);
      const d = differenceMatrix(k, rows)!;
      assert.deepEqual(d.rows.map((r) => [...r]), stored.rows.slice(0, rows));
      assert.ok(isDifferenceMatrix(k, d.rows, d.add));
      assert.ok(checks(d));
      // The resolvable transversal design it gives: k rounds of k groups of 5 in which nobody meets twice.
      const design = transversalSchedule(5, k)!;
      assert.equal(design.rounds.length, k);
      assert.ok(isPerfectStrangerSchedule(5 * k, 5, design));
    });
  }

  it("the check refuses a matrix with one value changed or out of range", () => {
    const d = differenceMatrix(15, 5)!;
    for (const [value, why] of [[(d.rows[4][7] + 1) % 15, "changed"], [15, "too large"], [-1, "negative"]] as const) {
      const rows = d.rows.map((r) => r.slice());
      rows[4][7] = value;
      assert.equal(checks({ ...d, rows }), false, why);
    }
  });

  it("the search with a small budget gives up where the stored table has an answer (20 with 5 rows)", () => {
    assert.equal(searchDifferenceMatrix(20, 5, 60_000), null);
  });

  it("is refused where the group's 2-part is cyclic (no complete mapping: Hall and Paige) and beyond the largest order", () => {
    assert.equal(differenceMatrix(10, 3), null);
    assert.equal(differenceMatrix(18, 3), null);
    assert.equal(differenceMatrix(28, 3), null);
    assert.ok(differenceMatrix(10, 2), "two rows always exist");
  });
});
