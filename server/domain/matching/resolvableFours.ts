// Resolvable designs of block size 4 on 3q + 1 points (q ≡ 1 mod 4 a prime power): q rounds, every pair meeting once.
import { fieldPower, galoisField, primitiveElement } from "./galoisField.js";
import type { IndexSchedule } from "./roundRobin.js";

/** q with n = 3q + 1, q a prime power ≡ 1 (mod 4), when that design exists in the field tables; else null. */
export function resolvableFoursOrder(n: number): number | null {
  if (n < 4 || (n - 1) % 3 !== 0) return null;
  const q = (n - 1) / 3;
  return q % 4 === 1 && galoisField(q) ? q : null;
}

/**
 * The classical direct construction (Beth, Jungnickel & Lenz, Design Theory, VII.7.5): points are ∞ and
 * (x, j) for x in GF(q), j in Z₃, participant j·q + x and 3q for ∞. With w primitive and e = w^((q−1)/4) (so
 * e² = −1), round 1 is {(0,0), (0,1), (0,2), ∞} and, for i < (q−1)/4 and each j, {(±w^i, j), (±e·w^i, j+1)};
 * round t adds t to every x. Within a column the pairs {±w^i} use the differences ±2w^i, across columns the
 * four points give (1 ± e)·w^i up to sign: each difference exactly once, so the q rounds are (3q + 1 − 1)/3, the
 * most possible. For n = 16, 28, 40, 52, 76, 88, … in groups of 4. Every result is still checked by the caller.
 */
export function resolvableFoursSchedule(n: number): IndexSchedule | null {
  const q = resolvableFoursOrder(n);
  const field = q === null ? null : galoisField(q);
  if (q === null || !field) return null;
  const w = primitiveElement(field);
  const quarter = (q - 1) / 4;
  const e = fieldPower(field, w, quarter);
  const neg = (x: number): number => field.sub(0, x);
  const point = (x: number, j: number): number => (j % 3) * q + x;
  const first: Array<Array<[number, number]>> = [];
  for (let i = 0, wi = 1; i < quarter; i++, wi = field.mul(wi, w)) {
    const ewi = field.mul(e, wi);
    for (let j = 0; j < 3; j++) first.push([[wi, j], [neg(wi), j], [ewi, j + 1], [neg(ewi), j + 1]]);
  }
  const rounds: number[][][] = [];
  for (let t = 0; t < q; t++) {
    const groups = first.map((block) => block.map(([x, j]) => point(field.add(x, t), j)).sort((a, b) => a - b));
    groups.push([point(t, 0), point(t, 1), point(t, 2), 3 * q]);
    rounds.push(groups);
  }
  return { rounds, byes: rounds.map(() => []) };
}
