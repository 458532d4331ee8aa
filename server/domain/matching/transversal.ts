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
