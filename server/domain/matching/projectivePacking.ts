// Packings of the projective space PG(3, q): q³ + q² + q + 1 in groups of q + 1, every pair meeting exactly once (85 in fives: 21 rounds).
import { fieldPower, galoisField, type GaloisField } from "./galoisField.js";
import type { IndexSchedule } from "./roundRobin.js";

/** Lines placed by the spread search at most: 85 in fives needs 3 662 (0.1 s with building the space); 40 in fours finds none within it (0.1 s; its resolvable design in fours is built first). */
const PACKING_NODES = 20_000;

/**
 * The q² + q + 1 rounds of a packing of PG(3, q), for n = q³ + q² + q + 1 and g = q + 1 (q a prime power), or null
 * when n and g are not of that form or the search gives up. Participants are the points of PG(3, q) (the nonzero
 * vectors of GF(q)⁴ up to a scalar); a group is a line (q + 1 points), and a round a spread (q² + 1 lines that
 * share no point, so everyone is seated). A packing splits all lines into spreads, so every two participants meet
 * in exactly one round: the bound ⌊(n − 1)/q⌋ is reached.
 *
 * How it is found: σ, multiplication by a primitive element of GF(q⁴) (the companion matrix of the first primitive
 * quartic), moves every point in one cycle; H = ⟨σ^(q² + 1)⟩ has order q + 1, fixes each line of one spread S₀
 * and moves every other line in an orbit of q + 1. With S₀ as one round, q more spreads T₁…T_q, each taking one
 * line from distinct H-orbits, give the other q(q + 1) rounds as their images under H, if together they take one
 * line from every orbit. A depth-first exact cover (the spread and point with the fewest lines left first) picks
 * them; nothing is random, so the rounds are the same every time. Only q ≤ 4 is tried: for 15 in threes and 40 in
 * fours it finds none (other constructions build both at the bound), and 156 in sixes would take seconds.
 */
export function projectivePacking(n: number, g: number): IndexSchedule | null {
  const q = g - 1;
  const field = q >= 2 ? galoisField(q) : null;
  if (!field || n !== q ** 3 + q ** 2 + q + 1 || q > 4) return null;
  const space = new ProjectiveSpace(field);
  const sigma = space.singerCycle();
  if (!sigma) return null;
  const lineStep = space.lines.map((line) => space.lineOf(line.map((p) => sigma[p])));
  // h = σ^(q² + 1) on lines, and the orbits of ⟨h⟩.
  const h = lineStep.map((_, l) => {
    let y = l;
    for (let i = 0; i < q * q + 1; i++) y = lineStep[y];
    return y;
  });
  const orbitOf = new Int32Array(space.lines.length).fill(-1);
  let orbits = 0;
  const fixed: number[] = [];
  for (let l = 0; l < space.lines.length; l++) {
    if (orbitOf[l] >= 0) continue;
    let y = l;
    let size = 0;
    do {
      orbitOf[y] = orbits;
      y = h[y];
      size++;
    } while (y !== l);
    if (size === 1) fixed.push(l);
    orbits++;
  }
  const picked = pickSpreads(space, q, orbitOf, orbits, fixed);
  if (!picked) return null;
  const spreads: number[][] = [fixed];
  for (const t of picked) {
    let s = t;
    for (let i = 0; i <= q; i++) {
      spreads.push(s);
      s = s.map((l) => h[l]);
    }
  }
  const rounds = spreads.map((s) => s.map((l) => [...space.lines[l]]));
  return { rounds, byes: rounds.map(() => []) };
}

/** q spreads from the lines ⟨h⟩ moves, taking one line of every orbit in all, or null when the search gives up. */
function pickSpreads(space: ProjectiveSpace, q: number, orbitOf: Int32Array, orbits: number, fixed: number[]): number[][] | null {
  const n = space.points.length;
  const isFixed = new Set(fixed);
  const through: number[][] = Array.from({ length: n }, () => []);
  space.lines.forEach((line, l) => {
    if (!isFixed.has(l)) for (const p of line) through[p].push(l);
  });
  const covered = Array.from({ length: q }, () => new Uint8Array(n));
  const orbitUsed = new Uint8Array(orbits);
  const chosen: number[][] = Array.from({ length: q }, () => []);
  const lineCount = space.lines.length;
  const orbitLines: number[][] = Array.from({ length: orbits }, () => []);
  for (let l = 0; l < lineCount; l++) if (!isFixed.has(l)) orbitLines[orbitOf[l]].push(l);
  // Kept up to date as lines are set: blocked[t·L + l], points of line l covered in spread t; open[t·n + p], the
  // lines through p that still fit spread t (none of their points covered there, their orbit unused).
  const blocked = new Uint8Array(q * lineCount);
  const open = new Int32Array(q * n);
  for (let t = 0; t < q; t++) for (let p = 0; p < n; p++) open[t * n + p] = through[p].length;
  const fits = (t: number, l: number): boolean => blocked[t * lineCount + l] === 0 && !orbitUsed[orbitOf[l]];
  const reopen = (t: number, l: number, by: number): void => {
    for (const p of space.lines[l]) open[t * n + p] += by;
  };
  const set = (t: number, l: number, to: 0 | 1): void => {
    const by = to ? -1 : 1;
    // Lines of l's orbit stop (or start) fitting every spread where their points are free.
    const orbit = orbitOf[l];
    if (to) for (let u = 0; u < q; u++) for (const other of orbitLines[orbit]) if (fits(u, other)) reopen(u, other, by);
    orbitUsed[orbit] = to;
    if (!to) for (let u = 0; u < q; u++) for (const other of orbitLines[orbit]) if (fits(u, other)) reopen(u, other, by);
    // Lines through l's points in spread t: blocked (or unblocked) once more.
    for (const p of space.lines[l]) {
      covered[t][p] = to;
      for (const other of through[p]) {
        const at = t * lineCount + other;
        if (to) {
          if (blocked[at]++ === 0 && !orbitUsed[orbitOf[other]]) reopen(t, other, by);
        } else if (--blocked[at] === 0 && !orbitUsed[orbitOf[other]]) reopen(t, other, by);
      }
    }
  };
  let nodes = 0;
  const cover = (): boolean => {
    let bestT = -1;
    let bestP = -1;
    let fewest = Infinity;
    for (let t = 0; t < q && fewest > 0; t++) {
      for (let p = 0; p < n && fewest > 0; p++) {
        if (covered[t][p]) continue;
        const count = open[t * n + p];
        if (count < fewest) (fewest = count), (bestT = t), (bestP = p);
      }
    }
    if (bestT < 0) return true;
    for (const l of through[bestP]) {
      if (!fits(bestT, l)) continue;
      if (++nodes > PACKING_NODES) return false;
      set(bestT, l, 1);
      chosen[bestT].push(l);
      if (cover()) return true;
      set(bestT, l, 0);
      chosen[bestT].pop();
    }
    return false;
  };
  return cover() ? chosen : null;
}

/** PG(3, q): points as normalized vectors (first nonzero coordinate 1), lines as sorted point lists. */
class ProjectiveSpace {
  readonly points: number[][] = [];
  readonly lines: number[][] = [];
  private readonly pointIndex = new Map<string, number>();
  private readonly lineIndex = new Map<string, number>();
  private readonly inverse: Int32Array;

  constructor(private readonly f: GaloisField) {
    const q = f.q;
    this.inverse = Int32Array.from({ length: q }, (_, a) => (a === 0 ? 0 : fieldPower(f, a, q - 2))); // a^(q−2) = 1/a
    for (let c = 1; c < q ** 4; c++) {
      const v = [0, 1, 2, 3].map((i) => Math.floor(c / q ** i) % q);
      const key = this.normalize(v).join(",");
      if (!this.pointIndex.has(key)) {
        this.pointIndex.set(key, this.points.length);
        this.points.push(this.normalize(v));
      }
    }
    const n = this.points.length;
    for (let a = 0; a < n; a++) {
      for (let b = a + 1; b < n; b++) {
        const on = new Set([a, b]);
        for (let s = 1; s < q; s++) on.add(this.pointOf(this.points[a].map((x, i) => f.add(x, f.mul(s, this.points[b][i])))));
        const line = [...on].sort((x, y) => x - y);
        const key = line.join(",");
        if (!this.lineIndex.has(key)) {
          this.lineIndex.set(key, this.lines.length);
          this.lines.push(line);
        }
      }
    }
  }

  pointOf(v: readonly number[]): number {
    return this.pointIndex.get(this.normalize(v).join(","))!;
  }

  lineOf(points: readonly number[]): number {
    return this.lineIndex.get([...points].sort((x, y) => x - y).join(","))!;
  }

  /**
   * The point permutation of the first companion matrix (of x⁴ + c₃x³ + c₂x² + c₁x + c₀, coefficients counted up
   * from 0) that moves all points in one cycle, or null if none does.
   */
  singerCycle(): number[] | null {
    const { f } = this;
    const q = f.q;
    const n = this.points.length;
    const neg = (x: number): number => f.sub(0, x);
    for (let code = 0; code < q ** 4; code++) {
      const c = [0, 1, 2, 3].map((i) => Math.floor(code / q ** i) % q);
      if (c[0] === 0) continue; // singular
      // Companion matrix: e_i → e_{i+1}, e_3 → −Σ c_i e_i; applied to v.
      const step = (v: readonly number[]): number[] => {
        return [neg(f.mul(c[0], v[3])), f.add(v[0], neg(f.mul(c[1], v[3]))), f.add(v[1], neg(f.mul(c[2], v[3]))), f.add(v[2], neg(f.mul(c[3], v[3])))];
      };
      const perm = this.points.map((p) => this.pointOf(step(p)));
      let x = 0;
      let length = 0;
      do {
        x = perm[x];
        length++;
      } while (x !== 0 && length <= n);
      if (length === n) return perm;
    }
    return null;
  }

  private normalize(v: readonly number[]): number[] {
    const lead = v.find((x) => x !== 0)!;
    const inv = this.inverse[lead];
    return v.map((x) => this.f.mul(x, inv));
  }
}
