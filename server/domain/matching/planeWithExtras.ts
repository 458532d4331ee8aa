// Four perfect-stranger rounds for q² + s in groups of q (s < q): the affine plane, each extra taking a point's seat on a triangle.
import { galoisField } from "./galoisField.js";
import { affineSchedule } from "./affine.js";
import type { IndexSchedule } from "./roundRobin.js";

/**
 * For n = q² + s participants in groups of q (q a prime power ≥ 3, 1 ≤ s < q), four rounds from four parallel
 * classes of the affine plane AG(2, q), where the plain search finds fewer (50 in sevens: 3). Participants 0..q²−1
 * are the plane's points and q² + j (j < s) the extras. In round 1 the extras sit out. Extra j has three lines,
 * one in each of the other classes, that form a triangle: in round 2 it takes the seat of the corner shared by its
 * first two lines, who sits out, in round 3 that of the second and third's, in round 4 that of the third and
 * first's. Each line loses the corner it shares with the previous one, which the next line still holds, so the
 * extra meets nobody twice; two points meet only on the one line through both. Triangles are chosen greedily with
 * no line and no corner used twice, so everyone sits out once at most. Null where that does not apply or fit.
 */
export function planeWithExtras(n: number, q: number): IndexSchedule | null {
  const s = n - q * q;
  if (q < 3 || s < 1 || s >= q || !galoisField(q)) return null;
  const plane = affineSchedule(q, 2).rounds.slice(0, 4);
  const lineOf = plane.map((groups) => {
    const at = new Int32Array(q * q);
    groups.forEach((line, i) => line.forEach((p) => (at[p] = i)));
    return at;
  });
  const meet = (r1: number, i1: number, r2: number, i2: number): number => plane[r1][i1].find((p) => lineOf[r2][p] === i2)!;
  const lineUsed = plane.map(() => new Uint8Array(q));
  const cornerUsed = new Uint8Array(q * q);
  // triangles[j] = [line in round 2, in round 3, in round 4] (indices into those classes), corners in seat order.
  const triangles: Array<{ lines: number[]; corners: number[] }> = [];
  for (let j = 0; j < s; j++) {
    const found = chooseTriangle(q, lineUsed, cornerUsed, meet);
    if (!found) return null;
    found.lines.forEach((l, i) => (lineUsed[i + 1][l] = 1));
    found.corners.forEach((p) => (cornerUsed[p] = 1));
    triangles.push(found);
  }
  const extras = Array.from({ length: s }, (_, j) => q * q + j);
  const rounds = [plane[0].map((line) => [...line])];
  const byes = [extras];
  for (let r = 1; r < 4; r++) {
    const groups = plane[r].map((line) => [...line]);
    const out: number[] = [];
    triangles.forEach((t, j) => {
      const corner = t.corners[r - 1];
      groups[t.lines[r - 1]] = [...groups[t.lines[r - 1]].filter((p) => p !== corner), extras[j]].sort((a, b) => a - b);
      out.push(corner);
    });
    rounds.push(groups);
    byes.push(out.sort((a, b) => a - b));
  }
  return { rounds, byes };
}

/** Lines a, b, c of classes 2, 3, 4 not used yet whose corners a∩b, b∩c, c∩a are distinct and unused, or null. */
function chooseTriangle(
  q: number,
  lineUsed: Uint8Array[],
  cornerUsed: Uint8Array,
  meet: (r1: number, i1: number, r2: number, i2: number) => number,
): { lines: number[]; corners: number[] } | null {
  for (let a = 0; a < q; a++) {
    if (lineUsed[1][a]) continue;
    for (let b = 0; b < q; b++) {
      if (lineUsed[2][b]) continue;
      const ab = meet(1, a, 2, b);
      if (cornerUsed[ab]) continue;
      for (let c = 0; c < q; c++) {
        if (lineUsed[3][c]) continue;
        const bc = meet(2, b, 3, c);
        const ca = meet(3, c, 1, a);
        if (bc === ab || ca === ab || cornerUsed[bc] || cornerUsed[ca]) continue;
        return { lines: [a, b, c], corners: [ab, bc, ca] };
      }
    }
  }
  return null;
}
