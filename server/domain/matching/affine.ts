// Affine geometry AG(d, q): q^d participants in groups of q, (q^d − 1)/(q − 1) rounds, every pair meeting exactly once.
import { galoisField } from "./galoisField.js";
import type { IndexSchedule } from "./roundRobin.js";

/**
 * The dimension d with n = g^d (d ≥ 2) when g is a prime power, else null: then the lines of AG(d, g) give a
 * perfect-stranger schedule of (n − 1)/(g − 1) rounds, the most any schedule can have.
 */
export function affineDimension(n: number, g: number): number | null {
  if (g < 2 || !galoisField(g)) return null;
  let d = 0;
  let m = n;
  while (m > 1 && m % g === 0) {
    m /= g;
    d++;
  }
  return m === 1 && d >= 2 ? d : null;
}

/**
 * Points are the vectors of GF(q)^d, numbered in base q. Each round is one parallel class of lines: all lines
 * with the same direction partition the points into groups of q, and two points lie on exactly one common line,
 * so no pair meets twice and every pair meets once. For d = 2 this is the affine plane: q + 1 rounds for q².
 */
export function affineSchedule(q: number, d: number): IndexSchedule {
  const field = galoisField(q);
  if (!field || d < 1) return { rounds: [], byes: [] };
  const n = q ** d;
  const coords = (x: number): number[] => Array.from({ length: d }, (_, i) => Math.floor(x / q ** i) % q);
  const index = (v: readonly number[]): number => v.reduce((s, c, i) => s + c * q ** i, 0);
  const rounds: number[][][] = [];
  // One direction per 1-dimensional subspace: the vectors whose last non-zero coordinate is 1.
  for (let dir = 1; dir < n; dir++) {
    const dv = coords(dir);
    let last = d - 1;
    while (dv[last] === 0) last--;
    if (dv[last] !== 1) continue;
    const seen = new Uint8Array(n);
    const groups: number[][] = [];
    for (let x = 0; x < n; x++) {
      if (seen[x]) continue;
      const xv = coords(x);
      const line: number[] = [];
      for (let t = 0; t < q; t++) {
        const p = index(xv.map((c, i) => field.add(c, field.mul(t, dv[i]))));
        seen[p] = 1;
        line.push(p);
      }
      groups.push(line.sort((a, b) => a - b));
    }
    rounds.push(groups);
  }
  return { rounds, byes: rounds.map(() => []) };
}
