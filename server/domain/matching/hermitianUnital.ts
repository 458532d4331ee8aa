// The Hermitian unital, resolved by slopes: q³ + 1 in groups of q + 1, every pair meeting exactly once (65 in fives: 16 rounds).
import { fieldPower, galoisField } from "./galoisField.js";
import type { IndexSchedule } from "./roundRobin.js";

/**
 * The q² rounds of the resolvable Hermitian unital, for n = q³ + 1 and g = q + 1 (q a prime power), or null when n
 * and g are not of that form. Participants are the points (x, y) of GF(q²)² with y^q + y = x^(q+1) (q³ of them),
 * numbered in order of x·q² + y, and one more, ∞ (number q³). A line y = m·x + c meets them in 1 or q + 1 points;
 * for each slope m, the q² − q secant lines (q + 1 points each) cover all but the q points with x = m^q, where
 * those lines are tangent. Round m seats each secant line of slope m as a group, and those q points with ∞ (the
 * vertical line x = m^q). Two points lie on exactly one line, so every pair meets exactly once, in q² rounds: the
 * bound ⌊(n − 1)/q⌋. It is checked like every construction before use.
 */
export function hermitianUnital(n: number, g: number): IndexSchedule | null {
  const q = g - 1;
  if (q < 2 || n !== q ** 3 + 1) return null;
  const f = galoisField(q * q);
  if (!f) return null;
  const Q = f.q;
  const number = new Map<number, number>();
  for (let x = 0; x < Q; x++) for (let y = 0; y < Q; y++) if (f.add(fieldPower(f, y, q), y) === fieldPower(f, x, q + 1)) number.set(x * Q + y, number.size);
  if (number.size !== q ** 3) return null;
  const infinity = q ** 3;
  const rounds: number[][][] = [];
  for (let m = 0; m < Q; m++) {
    const lines = new Map<number, number[]>(); // intercept c → its points
    for (const [xy, p] of number) {
      const x = Math.floor(xy / Q);
      const y = xy % Q;
      const c = f.sub(y, f.mul(m, x)); // the line's intercept
      if (!lines.has(c)) lines.set(c, []);
      lines.get(c)!.push(p);
    }
    const groups = [...lines.values()].filter((line) => line.length === g);
    const rest = [...lines.values()].filter((line) => line.length !== g).flat();
    groups.push([...rest, infinity].sort((a, b) => a - b));
    rounds.push(groups);
  }
  return { rounds, byes: rounds.map(() => []) };
}
