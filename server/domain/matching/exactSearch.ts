// Exhaustive perfect-stranger search for small cohorts: finds a schedule of exactly R rounds, or proves there is none.
import type { IndexSchedule } from "./roundRobin.js";

export interface ExactOptions {
  /**
   * Work allowed, counted in search nodes (a seat tried, with a scan of who is left at each new group: 100–250 ns
   * here). The search stops with `exhausted: false` when it runs out. Default 300 000.
   */
  budget?: number;
}

export interface ExactResult extends IndexSchedule {
  /** True when every case was searched: then `rounds` is empty exactly when no schedule of R rounds exists. */
  exhausted: boolean;
  /** Nodes searched, in the units of `budget`. */
  nodes: number;
}

/** Bits of one participant set: two 32-bit words, so n ≤ 64. */
const WORDS = 2;
export const EXACT_MAX_N = 32 * WORDS;

class OutOfBudget extends Error {}

/**
 * Searches every schedule of `R` rounds for participants 0..n−1 (n ≤ 64) in ⌊n/g⌋ groups of g, nobody meeting
 * anyone twice, n mod g sitting out each round and nobody sitting out twice (so R·(n mod g) ≤ n). Symmetry is
 * broken without losing any schedule up to relabelling and reordering rounds: round 1 is fixed; round 2's byes are
 * one per pattern of how many come from each round-1 group; inside a round-1 group, members seated in round 2 are
 * numbered in the order of their round-2 groups (swapping two that are not is a relabelling that gives a smaller
 * round 2); later rounds come in increasing order of their first bye (or, with nobody sitting out, of participant
 * 0's first partner). A participant who can no longer meet g − 1 new people in each round left is pruned.
 */
export function exactStrangers(n: number, g: number, R: number, options: ExactOptions = {}): ExactResult {
  const budget = options.budget ?? 300_000;
  const k = Math.floor(n / g);
  const f = n - k * g;
  const none = (exhausted: boolean, nodes: number): ExactResult => ({ rounds: [], byes: [], exhausted, nodes });
  if (g < 2 || n < g || n > EXACT_MAX_N || R * f > n) return none(false, 0);
  if (R < 1) return { rounds: [], byes: [], exhausted: true, nodes: 0 };
  const first = Array.from({ length: k }, (_, i) => Array.from({ length: g }, (_, j) => i * g + j));
  const firstByes = Array.from({ length: f }, (_, j) => k * g + j);
  if (R === 1) return { rounds: [first], byes: [firstByes], exhausted: true, nodes: 0 };
  const search = new Exact(n, g, R, budget);
  search.seat(first, firstByes);
  // Round-1 group of each participant (the round-1 byes form group k).
  const column = Array.from({ length: n }, (_, p) => Math.min(Math.floor(p / g), k));
  try {
    for (const pattern of byePatterns(f, g, k)) {
      const byes = pattern.flatMap((count, i) => Array.from({ length: count }, (_, j) => i * g + j));
      if (search.second(byes, column)) return { rounds: search.rounds.map((r) => r.map((grp) => grp.slice())), byes: search.byes.map((b) => b.slice()), exhausted: true, nodes: search.nodes };
    }
  } catch (e) {
    if (e instanceof OutOfBudget) return none(false, search.nodes);
    throw e;
  }
  return none(true, search.nodes);
}

/** How f byes can fall on k round-1 groups of g, up to reordering the groups: non-increasing counts. */
function byePatterns(f: number, g: number, k: number): number[][] {
  const out: number[][] = [];
  const walk = (left: number, max: number, acc: number[]): void => {
    if (left === 0) out.push(acc.slice());
    else if (acc.length < k) for (let c = Math.min(left, max); c >= 1; c--) walk(left - c, c, [...acc, c]);
  };
  walk(f, g, []);
  return out;
}

class Exact {
  nodes = 0;
  readonly rounds: number[][][] = [];
  readonly byes: number[][] = [];
  /** Who each participant has met, WORDS words per participant. */
  private readonly met: Int32Array;
  private readonly wasBye: Uint8Array;
  private readonly k: number;
  private readonly f: number;

  constructor(
    private readonly n: number,
    private readonly g: number,
    private readonly R: number,
    private readonly budget: number,
  ) {
    this.met = new Int32Array(n * WORDS);
    this.wasBye = new Uint8Array(n);
    this.k = Math.floor(n / g);
    this.f = n - this.k * g;
  }

  seat(groups: number[][], byes: number[]): void {
    this.rounds.push(groups);
    this.byes.push(byes);
    for (const grp of groups) this.meet(grp, 1);
    for (const p of byes) this.wasBye[p] = 1;
  }

  unseat(): void {
    for (const grp of this.rounds.pop()!) this.meet(grp, -1);
    for (const p of this.byes.pop()!) this.wasBye[p] = 0;
  }

  /** Round 2 with the given byes, members of a round-1 group seated in increasing order; then the rest. */
  second(byes: number[], column: number[]): boolean {
    const isBye = new Uint8Array(this.n);
    for (const p of byes) isBye[p] = 1;
    // The member of the same round-1 group seated just before p (−1: none), among those not sitting out.
    const before = new Int32Array(this.n).fill(-1);
    for (let p = 0; p < this.n; p++) {
      if (isBye[p]) continue;
      for (let q = p - 1; q >= 0; q--) if (column[q] === column[p] && !isBye[q]) {
        before[p] = q;
        break;
      }
    }
    return this.round(byes, before, () => this.later(2, 0));
  }

  /** Rounds r.. : byes (distinct from earlier ones) with the smallest above `minKey`, or partner of 0 above it. */
  private later(r: number, minKey: number): boolean {
    if (r === this.R) return true;
    if (!this.feasible(r)) return false;
    const { n, f } = this;
    if (f === 0) return this.round([], null, (groups) => this.later(r + 1, groups[0][1] + 1), minKey);
    const free: number[] = [];
    for (let p = 0; p < n; p++) if (!this.wasBye[p]) free.push(p);
    const byes: number[] = [];
    const choose = (from: number): boolean => {
      if (byes.length === f) return this.round(byes.slice(), null, () => this.later(r + 1, byes[0] + 1));
      for (let i = from; i <= free.length - (f - byes.length); i++) {
        if (byes.length === 0 && free[i] < minKey) continue;
        byes.push(free[i]);
        if (choose(i + 1)) return true;
        byes.pop();
      }
      return false;
    };
    return choose(0);
  }

  /**
   * Everyone must still meet g − 1 new people in each round they play: all R − r left, less one if they have not
   * sat out yet (they sit out at most once more).
   */
  private feasible(r: number): boolean {
    const { n, g, R } = this;
    const need = (g - 1) * (R - r);
    for (let p = 0; p < n; p++) {
      const unmet = n - 1 - popcount(this.met, p);
      if (unmet < need - (this.wasBye[p] || this.f === 0 ? 0 : g - 1)) return false;
    }
    return true;
  }

  /**
   * Seats one round around `byes`; for each complete round calls `next` with the round seated, and keeps it if
   * `next` succeeds. In round 2 (`before` set, ordering members of a round-1 group) groups open with the smallest
   * participant not yet seated; later, with whoever has the fewest partners left (participant 0 first when nobody
   * sits out, `minPartner` being the least first partner of 0 allowed). Members after the first come in increasing
   * order, and a seating is dropped as soon as someone left has fewer than g − 1 possible partners left.
   */
  private round(byes: number[], before: Int32Array | null, next: (groups: number[][]) => boolean, minPartner = 0): boolean {
    const { n, g, k } = this;
    const seated = new Uint8Array(n);
    // Who is not seated yet, as bits.
    const free = new Int32Array(WORDS);
    for (let p = 0; p < n; p++) free[p >> 5] |= 1 << (p & 31);
    const take = (p: number): void => {
      seated[p] = 1;
      free[p >> 5] &= ~(1 << (p & 31));
    };
    const release = (p: number): void => {
      seated[p] = 0;
      free[p >> 5] |= 1 << (p & 31);
    };
    for (const p of byes) take(p);
    const groups: number[][] = [];
    // Candidates left at each depth of each group (groups nest in the recursion, so each has its own rows).
    const avail = new Int32Array(WORDS * g * k);
    const open = (): boolean => {
      if (groups.length === k) {
        this.seat(groups.map((grp) => grp.slice()), byes);
        if (next(groups)) return true;
        this.unseat();
        return false;
      }
      let p = -1;
      let fewest = Infinity;
      for (let q = 0; q < n; q++) {
        if (seated[q]) continue;
        let left = 0;
        for (let w = 0; w < WORDS; w++) left += popcount32(free[w] & ~this.met[q * WORDS + w]);
        left--; // q itself
        if (left < g - 1) return false;
        if (p < 0 || (!before && left < fewest)) {
          p = q;
          fewest = left;
        }
      }
      if (!before && this.f === 0 && !seated[0]) p = 0;
      take(p);
      const grp = [p];
      groups.push(grp);
      const base = (groups.length - 1) * g * WORDS;
      for (let w = 0; w < WORDS; w++) avail[base + w] = ~this.met[p * WORDS + w];
      const ok = extend(grp);
      groups.pop();
      release(p);
      return ok;
    };
    const extend = (grp: number[]): boolean => {
      if (++this.nodes > this.budget) throw new OutOfBudget();
      if (grp.length === g) return open();
      const depth = grp.length;
      const row = ((groups.length - 1) * g + depth) * WORDS;
      const from = depth === 1 ? (grp[0] === 0 ? minPartner : 0) : grp[depth - 1] + 1;
      for (let q = from; q < n; q++) {
        if (seated[q] || !((avail[row - WORDS + (q >> 5)] >>> (q & 31)) & 1)) continue;
        if (before && before[q] >= 0 && !seated[before[q]]) continue;
        if (depth < g - 1) for (let w = 0; w < WORDS; w++) avail[row + w] = avail[row - WORDS + w] & ~this.met[q * WORDS + w];
        take(q);
        grp.push(q);
        if (extend(grp)) return true;
        grp.pop();
        release(q);
      }
      return false;
    };
    return open();
  }

  private meet(grp: number[], sign: 1 | -1): void {
    for (const a of grp) {
      for (const b of grp) {
        if (a === b) continue;
        const at = a * WORDS + (b >> 5);
        const mask = 1 << (b & 31);
        this.met[at] = sign > 0 ? this.met[at] | mask : this.met[at] & ~mask;
      }
    }
  }
}

function popcount(words: Int32Array, p: number): number {
  let c = 0;
  for (let w = 0; w < WORDS; w++) c += popcount32(words[p * WORDS + w]);
  return c;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
