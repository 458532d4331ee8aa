// Resolvable transversal designs: g roles of k participants, k rounds of groups holding one of each role.
import { differenceMatrix } from "./differenceMatrix.js";
import { galoisField, type GaloisField } from "./galoisField.js";
import type { IndexSchedule } from "./roundRobin.js";

/** The prime-power factors of k (k = 12 → [4, 3]); [] for k = 1. */
export function primePowerFactors(k: number): number[] {
  const out: number[] = [];
  for (let p = 2, m = k; m > 1; p++) {
    if (p * p > m) p = m; // what is left is prime
    if (m % p !== 0) continue;
    let q = 1;
    while (m % p === 0) {
      m /= p;
      q *= p;
    }
    out.push(q);
  }
  return out;
}

/**
 * The largest group size g for which `transversalSchedule(g, k)` exists: the smallest prime-power factor of k
 * (MacNeish's bound), or 0 when a factor is beyond the fields Cohort builds.
 */
export function transversalLimit(k: number): number {
  if (k === 1) return Infinity;
  const factors = primePowerFactors(k);
  return factors.every((q) => galoisField(q)) ? Math.min(...factors) : 0;
}

/**
 * True when `transversalSchedule(g, k)` builds a design: g is within MacNeish's bound, or a difference matrix with
 * g rows over a group of order k is found (12 rows take 6 roles; 15, 20, 21 and 24 rows, 4).
 */
export function hasTransversal(g: number, k: number): boolean {
  return g >= 2 && (g <= transversalLimit(k) || differenceMatrix(k, g) !== null);
}

/**
 * Participants are numbered role·k + row (role 0..g−1, row 0..k−1); round 0 seats group b as row b of every
 * role. Arithmetic is in the ring GF(q1) × GF(q2) × … for k = q1·q2·…: round a puts (role j, row a·x_j + b) in
 * group b, where the x_j are g elements whose differences are all invertible. Two participants of different
 * roles then share a group in exactly one round (a = Δrow / Δx), so the k rounds are perfect strangers, and k
 * is the most possible when roles are kept: each round uses g − 1 of one's (g − 1)·k possible partners.
 * Beyond that bound, a difference matrix D (see differenceMatrix.ts) plays the part of a·x_j: round a puts
 * (role j, row D[j][a] + b) in group b. Null when neither exists.
 */
export function transversalSchedule(g: number, k: number): IndexSchedule | null {
  if (g < 2) return null;
  if (g > transversalLimit(k)) return fromDifferenceMatrix(g, k);
  const fields = primePowerFactors(k).map((q) => galoisField(q) as GaloisField);
  // Mixed-radix coding of ring elements: element e ↔ its residues in each field.
  const split = (e: number): number[] => fields.map((f) => {
    const c = e % f.q;
    e = Math.floor(e / f.q);
    return c;
  });
  const join = (cs: readonly number[]): number => cs.reduceRight((s, c, i) => s * fields[i].q + c, 0);
  const ring = Array.from({ length: k }, (_, e) => split(e));
  const x = Array.from({ length: g }, (_, j) => fields.map(() => j)); // j < every q_i, so differences are units
  const rounds: number[][][] = [];
  for (let a = 0; a < k; a++) {
    const groups: number[][] = [];
    for (let b = 0; b < k; b++) {
      groups.push(x.map((xj, j) => j * k + join(fields.map((f, i) => f.add(f.mul(ring[a][i], xj[i]), ring[b][i])))));
    }
    rounds.push(groups);
  }
  // Round a = 0 is the starting seating: ring element 0 is zero in every field, so group b is row b of each role.
  return { rounds, byes: rounds.map(() => []) };
}

/** The design of a difference matrix with g rows: two roles' rows differ by every group element once over the rounds. */
function fromDifferenceMatrix(g: number, k: number): IndexSchedule | null {
  const d = differenceMatrix(k, g);
  if (!d) return null;
  const rounds = Array.from({ length: k }, (_, a) =>
    Array.from({ length: k }, (_, b) => Array.from({ length: g }, (_, j) => j * k + d.add(d.rows[j][a], b))));
  return { rounds, byes: rounds.map(() => []) };
}

/** Values placed by `partialTransversal`'s search per number of rounds left out, at most. */
const PARTIAL_NODES = 30_000;

/**
 * Where g roles have no design on k rows but g − 1 have one from a difference matrix D (12 rows: 6 roles, not 7;
 * 15: 5, not 6), role g − 1 joins part of its rounds: round a puts (role j, row D[j][a] + b) and (role g − 1, row
 * c_a + b) in group b. Role g − 1 meets role j's row y in the rounds a with c_a − D[j][a] = its row − y, so nobody
 * meets twice when, for every j (D's zero row included), the c_a − D[j][a] of the rounds kept are distinct. A
 * depth-first search (the round with the fewest values left first) picks c for all k rounds but s, for s = 1, 2, …
 * (all k would be a difference matrix with g rows), PARTIAL_NODES each. Null where the design for g roles exists,
 * where g − 1 roles have none either, or where the search finds no offsets. Found: 12 rows, 7 roles: 9 rounds (with
 * this matrix no offsets keep 10, as the same search run to the end shows); 15 rows, 6 roles: 12.
 */
export function partialTransversal(g: number, k: number): IndexSchedule | null {
  if (g < 3 || hasTransversal(g, k) || g - 1 <= transversalLimit(k)) return null;
  const d = differenceMatrix(k, g - 1);
  if (!d) return null;
  // diff[(a·k + v)·(g − 1) + j] = v − D[j][a]: the meeting value round a's offset v takes for role j.
  const diff = new Int32Array(k * k * (g - 1));
  for (let a = 0; a < k; a++) for (let v = 0; v < k; v++) for (let j = 0; j < g - 1; j++) diff[(a * k + v) * (g - 1) + j] = d.sub(v, d.rows[j][a]);
  const used = new Uint8Array(k * (g - 1)); // used[value·(g − 1) + j]
  const offset = new Int32Array(k).fill(-1);
  const decided = new Uint8Array(k);
  const fits = (a: number, v: number): boolean => {
    for (let j = 0; j < g - 1; j++) if (used[diff[(a * k + v) * (g - 1) + j] * (g - 1) + j]) return false;
    return true;
  };
  const mark = (a: number, v: number, to: 0 | 1): void => {
    for (let j = 0; j < g - 1; j++) used[diff[(a * k + v) * (g - 1) + j] * (g - 1) + j] = to;
  };
  let nodes = 0;
  const place = (left: number, skips: number): boolean => {
    if (left === 0) return true;
    if (++nodes > PARTIAL_NODES) return false;
    let at = -1;
    let fewest = Infinity;
    for (let a = 0; a < k; a++) {
      if (decided[a]) continue;
      let count = 0;
      for (let v = 0; v < k && count < fewest; v++) if (fits(a, v)) count++;
      if (count < fewest) (fewest = count), (at = a);
    }
    decided[at] = 1;
    for (let v = 0; v < k; v++) {
      if (!fits(at, v)) continue;
      mark(at, v, 1);
      offset[at] = v;
      if (place(left - 1, skips)) return true;
      mark(at, v, 0);
      offset[at] = -1;
      if (nodes > PARTIAL_NODES) break;
    }
    // Or round `at` is one of those left out.
    if (skips > 0 && nodes <= PARTIAL_NODES && place(left - 1, skips - 1)) return true;
    decided[at] = 0;
    return false;
  };
  for (let skips = 1; skips < k - 1; skips++) {
    nodes = 0;
    offset.fill(-1);
    decided.fill(0);
    used.fill(0);
    if (!place(k, skips)) continue;
    const rounds: number[][][] = [];
    for (let a = 0; a < k; a++) {
      if (offset[a] < 0) continue;
      rounds.push(Array.from({ length: k }, (_, b) => [
        ...Array.from({ length: g - 1 }, (_, j) => j * k + d.add(d.rows[j][a], b)),
        (g - 1) * k + d.add(offset[a], b),
      ]));
    }
    return { rounds, byes: rounds.map(() => []) };
  }
  return null;
}
