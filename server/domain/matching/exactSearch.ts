// Exhaustive perfect-stranger search: R rounds or a proof there are none (small cohorts), or rounds added to a schedule.
import { OUT_OF_BUDGET as SPENT } from "./outOfBudget.js";
import type { IndexSchedule } from "./roundRobin.js";

export interface ExactOptions {
  /**
   * Work allowed, counted in search nodes (a seat tried; the scan of who is left at each new group counts n/8),
   * about 100 ns each here. The search stops with `exhausted: false` when it runs out. Default 1 000 000.
   */
  budget?: number;
}

export interface ExactResult extends IndexSchedule {
  /** True when every case was searched: then `rounds` is empty exactly when no schedule of R rounds exists. */
  exhausted: boolean;
  /** Nodes searched, in the units of `budget`. */
  nodes: number;
}

/** The most participants: sets are held as up to four 32-bit words. */
export const EXACT_MAX_N = 128;

// A module constant, not the import itself (see outOfBudget.ts).
const OUT_OF_BUDGET = SPENT;

/**
 * Searches every schedule of `R` rounds for participants 0..n−1 (n ≤ 128) in ⌊n/g⌋ groups of g, nobody meeting
 * anyone twice, n mod g sitting out each round and nobody sitting out twice (so R·(n mod g) ≤ n). Symmetry is
 * broken without losing any schedule up to relabelling and reordering rounds: round 1 is fixed; round 2's byes are
 * one per pattern of how many come from each round-1 group; inside a round-1 group, members seated in round 2 are
 * numbered in the order of their round-2 groups, and interchangeable round-1 groups in the order of their first
 * members' (swapping two that are not is a relabelling that gives a smaller round 2); later rounds come in
 * increasing order of their first bye (or, with nobody sitting out, of participant 0's first partner). A search
 * where someone can no longer meet g − 1 new people in each round left is cut.
 */
export function exactStrangers(n: number, g: number, R: number, options: ExactOptions = {}): ExactResult {
  const budget = options.budget ?? 1_000_000;
  const k = Math.floor(n / g);
  const f = n - k * g;
  const none = (exhausted: boolean, nodes: number): ExactResult => ({ rounds: [], byes: [], exhausted, nodes });
  if (g < 2 || n < g || n > EXACT_MAX_N || R * f > n) return none(false, 0);
  if (R < 1) return { rounds: [], byes: [], exhausted: true, nodes: 0 };
  const first = Array.from({ length: k }, (_, i) => Array.from({ length: g }, (_, j) => i * g + j));
  const firstByes = Array.from({ length: f }, (_, j) => k * g + j);
  if (R === 1) return { rounds: [first], byes: [firstByes], exhausted: true, nodes: 0 };
  const search = new Exact(n, g, R, budget);
  search.first();
  // Round-1 group of each participant (the round-1 byes form group k).
  const column = Array.from({ length: n }, (_, p) => Math.min(Math.floor(p / g), k));
  try {
    for (const pattern of byePatterns(f, g, k)) {
      const byes = pattern.flatMap((count, i) => Array.from({ length: count }, (_, j) => i * g + j));
      if (search.second(byes, column)) return { ...search.schedule(), exhausted: true, nodes: search.nodes };
    }
  } catch (e) {
    if (e === OUT_OF_BUDGET) return none(false, search.nodes);
    throw e;
  }
  return none(true, search.nodes);
}

/**
 * Searches every way to add `extra` rounds to `base` (rounds kept as given), with the same rules as
 * `exactStrangers`: nobody meets twice and nobody sits out twice, so (rounds + extra)·(n mod g) ≤ n and `base`'s byes
 * are distinct. The added rounds come in increasing order of their first bye (or of participant 0's first partner).
 * On success the schedule holds `base` and then the new rounds; `exhausted` with no rounds means `base` cannot be
 * extended so.
 */
export function extendStrangers(n: number, g: number, base: IndexSchedule, extra: number, options: ExactOptions = {}): ExactResult {
  const budget = options.budget ?? 1_000_000;
  const f = n % g;
  const R = base.rounds.length + extra;
  const none = (exhausted: boolean, nodes: number): ExactResult => ({ rounds: [], byes: [], exhausted, nodes });
  const byes = base.byes.flat();
  if (g < 2 || n < g || n > EXACT_MAX_N || R * f > n || new Set(byes).size !== byes.length || extra < 1) return none(false, 0);
  const search = new Exact(n, g, R, budget);
  base.rounds.forEach((groups, r) => search.fixed(r, groups, base.byes[r]));
  try {
    if (search.later(base.rounds.length, 0)) return { ...search.schedule(), exhausted: true, nodes: search.nodes };
  } catch (e) {
    if (e === OUT_OF_BUDGET) return none(false, search.nodes);
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

/** One round's seating in progress: seats in group order (group i = seats i·g … i·g + g − 1) and who is left. */
interface RoundState {
  seats: Int32Array;
  byes: Int32Array;
  seated: Uint8Array;
  /** Who is not seated yet, as bits. */
  free: Int32Array;
  /** After seat i, who could still join that seat's group (WORDS words per seat). */
  avail: Int32Array;
  /** Round 2 only: who must be seated before each participant (−1: nobody). */
  before: Int32Array | null;
  /** No byes: the least first partner participant 0 may have (orders the later rounds). */
  minPartner: number;
  /** Who has not sat out yet when the round starts (candidates for its byes). */
  candidates: Int32Array;
  candidateCount: number;
}

// State lives in preallocated arrays and methods rather than closures: this runs under tsx, which wraps every
// closure it creates, and that dominated the time.
class Exact {
  nodes = 0;
  /** 32-bit words per participant set. */
  private readonly W: number;
  /** Who each participant has met, W words per participant. */
  private readonly met: Int32Array;
  private readonly wasBye: Uint8Array;
  private readonly k: number;
  private readonly f: number;
  private readonly state: RoundState[];

  constructor(
    private readonly n: number,
    private readonly g: number,
    private readonly R: number,
    private readonly budget: number,
  ) {
    this.W = Math.ceil(n / 32);
    const W = this.W;
    this.met = new Int32Array(n * W);
    this.wasBye = new Uint8Array(n);
    this.k = Math.floor(n / g);
    this.f = n - this.k * g;
    this.state = Array.from({ length: R }, () => ({
      seats: new Int32Array(this.k * g),
      byes: new Int32Array(this.f),
      seated: new Uint8Array(n),
      free: new Int32Array(W),
      avail: new Int32Array(W * this.k * g),
      before: null,
      minPartner: 0,
      candidates: new Int32Array(n),
      candidateCount: 0,
    }));
  }

  /** The found schedule (valid after `second` returned true). */
  schedule(): IndexSchedule {
    const { g, k } = this;
    return {
      rounds: this.state.map((st) => Array.from({ length: k }, (_, i) => Array.from(st.seats.subarray(i * g, i * g + g)))),
      byes: this.state.map((st) => Array.from(st.byes)),
    };
  }

  /** Round r as given (the caller checked it): seated for good. */
  fixed(r: number, groups: readonly (readonly number[])[], byes: readonly number[]): void {
    const st = this.state[r];
    groups.flat().forEach((p, i) => (st.seats[i] = p));
    byes.forEach((p, j) => (st.byes[j] = p));
    this.meetRound(st.seats, 1);
    for (const p of byes) this.wasBye[p] = 1;
  }

  /** Rounds r.. after fixed ones, in no particular relation to them. */
  from(r: number): boolean {
    return this.later(r, 0);
  }

  /** Round 1: groups of consecutive participants, the last n mod g sitting out. */
  first(): void {
    const st = this.state[0];
    for (let i = 0; i < st.seats.length; i++) st.seats[i] = i;
    for (let j = 0; j < this.f; j++) st.byes[j] = this.k * this.g + j;
    this.meetRound(st.seats, 1);
    for (const p of st.byes) this.wasBye[p] = 1;
  }

  /**
   * Round 2 with the given byes. Who must be seated before whom (a relabelling fixing round 1 and these byes turns
   * any other order into a smaller round 2): inside a round-1 group, members in increasing order; and of two
   * round-1 groups with as many sitting out (so interchangeable), the first member of the lower one first.
   */
  second(byes: number[], column: number[]): boolean {
    const { n, k } = this;
    const st = this.state[1];
    const isBye = new Uint8Array(n);
    for (const p of byes) isBye[p] = 1;
    const before = new Int32Array(n).fill(-1);
    const lastOf = new Int32Array(k + 1).fill(-1);
    const firstOf = new Int32Array(k + 1).fill(-1);
    const byesIn = new Int32Array(k + 1);
    for (const p of byes) byesIn[column[p]]++;
    for (let p = 0; p < n; p++) {
      if (isBye[p]) continue;
      const c = column[p];
      before[p] = lastOf[c];
      lastOf[c] = p;
      if (firstOf[c] < 0) firstOf[c] = p;
    }
    for (let c = 1; c < k; c++) {
      for (let d = c - 1; d >= 0; d--) {
        if (byesIn[d] === byesIn[c] && firstOf[d] >= 0 && firstOf[c] >= 0) {
          before[firstOf[c]] = firstOf[d];
          break;
        }
      }
    }
    st.before = before;
    byes.forEach((p, j) => (st.byes[j] = p));
    return this.startRound(1);
  }

  /** Rounds r.. : byes (distinct from earlier ones) with the smallest above `minKey`, or partner of 0 above it. */
  later(r: number, minKey: number): boolean {
    if (r === this.R) return true;
    if (!this.feasible(r)) return false;
    const st = this.state[r];
    if (this.f === 0) {
      st.minPartner = minKey;
      return this.startRound(r);
    }
    st.candidateCount = 0;
    for (let p = 0; p < this.n; p++) if (!this.wasBye[p] && p >= minKey) st.candidates[st.candidateCount++] = p;
    return this.chooseByes(r, 0, 0, minKey);
  }

  /** Byes of round r from its candidates, in increasing order: the first at least `minKey`. */
  private chooseByes(r: number, placed: number, from: number, minKey: number): boolean {
    const st = this.state[r];
    if (placed === this.f) return this.startRound(r);
    for (let i = from; i <= st.candidateCount - (this.f - placed); i++) {
      const p = st.candidates[i];
      if (placed === 0 && p < minKey) continue;
      st.byes[placed] = p;
      if (this.chooseByes(r, placed + 1, i + 1, minKey)) return true;
    }
    return false;
  }

  /**
   * Everyone must still meet g − 1 new people in each round they play: all R − r left, less one if they have not
   * sat out yet (they sit out at most once more).
   */
  private feasible(r: number): boolean {
    const { n, g, R } = this;
    const need = (g - 1) * (R - r);
    for (let p = 0; p < n; p++) {
      const unmet = n - 1 - popcount(this.met, p, this.W);
      if (unmet < need - (this.wasBye[p] || this.f === 0 ? 0 : g - 1)) return false;
    }
    return true;
  }

  private startRound(r: number): boolean {
    const { n } = this;
    const st = this.state[r];
    st.seated.fill(0);
    st.free.fill(0);
    for (let p = 0; p < n; p++) st.free[p >> 5] |= 1 << (p & 31);
    for (const p of st.byes) this.take(st, p);
    return this.place(r, 0);
  }

  private take(st: RoundState, p: number): void {
    st.seated[p] = 1;
    st.free[p >> 5] &= ~(1 << (p & 31));
  }

  private release(st: RoundState, p: number): void {
    st.seated[p] = 0;
    st.free[p >> 5] |= 1 << (p & 31);
  }

  /**
   * Seats round r from seat `pos` on. In round 2 (`before` set) groups open with the smallest participant not yet
   * seated; later, with whoever has the fewest partners left (participant 0 first when nobody sits out). Members
   * after the first come in increasing order, and a seating is dropped as soon as someone left has fewer than g − 1
   * possible partners left. A complete round is seated and the next rounds searched.
   */
  private place(r: number, pos: number): boolean {
    // Every field is read on entry, so each access has type feedback before place() is optimized (a first read in a
    // branch that runs only later, like this.f once round 2 is seated, deoptimized it).
    const { n, g, k, met, W, f, budget } = this;
    const st = this.state[r];
    const { seats, seated, free, avail, before, minPartner } = st;
    if (pos === k * g) return this.seatedRound(r);
    const depth = pos % g;
    if (depth === 0) {
      // The scan below costs about as much as n/8 seats tried.
      this.nodes += n >> 3;
      let p = -1;
      let fewest = Infinity;
      // Everyone not seated (the set bits of free, in increasing order): how many partners are left to each.
      for (let u = 0; u < W; u++) {
        let unseated = free[u];
        while (unseated !== 0) {
          const low = unseated & -unseated;
          unseated ^= low;
          const q = (u << 5) + (31 - Math.clz32(low));
          let left = -1; // q itself
          for (let w = 0; w < W; w++) left += popcount32(free[w] & ~met[q * W + w]);
          if (left < g - 1) return false;
          if (p < 0 || (!before && left < fewest)) {
            p = q;
            fewest = left;
          }
        }
      }
      if (!before && f === 0 && !seated[0]) p = 0;
      this.take(st, p);
      seats[pos] = p;
      for (let w = 0; w < W; w++) avail[pos * W + w] = ~met[p * W + w];
      const ok = this.place(r, pos + 1);
      if (!ok) this.release(st, p);
      return ok;
    }
    if (++this.nodes > budget) throw OUT_OF_BUDGET;
    const opener = seats[pos - depth];
    const from = depth === 1 ? (opener === 0 ? minPartner : 0) : seats[pos - 1] + 1;
    const row = (pos - 1) * W;
    // Candidates are the unseated participants the group's members have not met, from `from` up: the set bits of
    // avail & free, visited in increasing order (a failed branch leaves both as they were).
    for (let w = from >> 5; w < W; w++) {
      let bits = avail[row + w] & free[w];
      if (w === from >> 5) bits &= ~((1 << (from & 31)) - 1);
      while (bits !== 0) {
        const low = bits & -bits;
        bits ^= low;
        const q = (w << 5) + (31 - Math.clz32(low));
        if (before && before[q] >= 0 && !seated[before[q]]) continue;
        if (depth < g - 1) for (let v = 0; v < W; v++) avail[row + W + v] = avail[row + v] & ~met[q * W + v];
        this.take(st, q);
        seats[pos] = q;
        if (this.place(r, pos + 1)) return true;
        this.release(st, q);
      }
    }
    return false;
  }

  /** Round r is seated: count its meetings and byes, search the rounds after it, and undo if they fail. */
  private seatedRound(r: number): boolean {
    const st = this.state[r];
    const { seats } = st;
    this.meetRound(seats, 1);
    for (const p of st.byes) this.wasBye[p] = 1;
    const key = r === 1 ? 0 : this.f === 0 ? seats[1] + 1 : st.byes[0] + 1;
    if (this.later(r + 1, key)) return true;
    for (const p of st.byes) this.wasBye[p] = 0;
    this.meetRound(seats, -1);
    return false;
  }

  private meetRound(seats: Int32Array, sign: 1 | -1): void {
    const { g, met, W } = this;
    for (let base = 0; base < seats.length; base += g) {
      for (let i = base; i < base + g; i++) {
        const a = seats[i];
        for (let j = base; j < base + g; j++) {
          if (i === j) continue;
          const b = seats[j];
          const at = a * W + (b >> 5);
          const mask = 1 << (b & 31);
          met[at] = sign > 0 ? met[at] | mask : met[at] & ~mask;
        }
      }
    }
  }
}

function popcount(words: Int32Array, p: number, W: number): number {
  let c = 0;
  for (let w = 0; w < W; w++) c += popcount32(words[p * W + w]);
  return c;
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24);
}
