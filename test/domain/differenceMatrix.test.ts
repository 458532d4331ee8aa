// Difference matrices by search: the defining property, and the orders that cannot have them.
import assert from "node:assert/strict";
import { differenceMatrix } from "../../server/domain/matching/differenceMatrix.js";

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

  it("is refused where the group's 2-part is cyclic (no complete mapping: Hall and Paige) and beyond the largest order", () => {
    assert.equal(differenceMatrix(10, 3), null);
    assert.equal(differenceMatrix(18, 3), null);
    assert.equal(differenceMatrix(28, 3), null);
    assert.ok(differenceMatrix(10, 2), "two rows always exist");
  });
});
