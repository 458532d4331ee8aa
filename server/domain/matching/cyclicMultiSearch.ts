// The search behind multi-base-round cyclic designs: t first rounds over Z_h whose differences are all distinct, by tabu swaps.
import type { Rng } from "../rng.js";
import { DIFFERENCE_TABU, DifferenceCounts } from "./differenceCounts.js";
import { descend } from "./tabu.js";
import type { IndexSchedule } from "./roundRobin.js";

/**
 * t base rounds developed over Z_h: participant i·h + x (i < c, x < h) is point x of orbit i, the f = n − c·h
 * others are fixed points (fixed point j sits in group j of every base round). Round b·h + s is base round b with
 * every orbit point moved by s. Nobody meets twice iff, over all base rounds together, each difference (orbit i,
 * orbit j, y − x mod h) is used at most once, each fixed point meets each orbit in at most one base round, and each
 * orbit sits out in at most one base round (one point at a time, so nobody sits out twice).
 */
export interface MultiDesign {
  /** t: base rounds. */
  bases: number;
  /** c: orbits. */
  orbits: number;
  /** h: points per orbit; rounds = t·h. */
  period: number;
  /** f: fixed points. */
  fixed: number;
}

/**
 * Tabu search over the t base rounds: the cost counts repeated differences, fixed points meeting an orbit twice and
 * orbits sitting out twice; a move swaps two orbit points (of any orbits) between blocks of one base round.
 */
export class MultiSearch {
  work = 0;
  readonly feasible: boolean;
  private readonly t: number;
  private readonly c: number;
  private readonly m: number;
  private readonly f: number;
  private readonly k: number;
  private readonly movable: number;
  private readonly orbitOf: Int32Array;
  private readonly posOf: Int32Array;
  /** members[((b·(k+1)) + blk)·g + seat] */
  private readonly members: Int32Array;
  private readonly sizes: Int32Array;
  private readonly seatOrbit: Int32Array;
  /** blockOf[b·n + p] */
  private readonly blockOf: Int32Array;
  private readonly slotOf: Int32Array;
  /** Differences, then the extra keys: fixed point j meeting orbit i (fixedBase + j·c + i), orbit i sitting out (byeBase + i). */
  private readonly diffs: DifferenceCounts;
  private readonly fixedBase: number;
  private readonly byeBase: number;
  private step = 0;
  private readonly tabuUntil: Int32Array;

  constructor(
    private readonly n: number,
    private readonly g: number,
    design: MultiDesign,
    private readonly rng: Rng,
  ) {
    const t = (this.t = design.bases);
    const c = (this.c = design.orbits);
    const m = (this.m = design.period);
    this.f = design.fixed;
    const k = (this.k = Math.floor(n / g));
    this.movable = c * m;
    this.orbitOf = Int32Array.from({ length: n }, (_, p) => (p < c * m ? Math.floor(p / m) : -1));
    this.posOf = Int32Array.from({ length: n }, (_, p) => (p < c * m ? p % m : -1));
    this.diffs = new DifferenceCounts(c, m, (design.fixed + 1) * c);
    this.fixedBase = this.diffs.differenceKeys;
    this.byeBase = this.fixedBase + design.fixed * c;
    this.members = new Int32Array(t * (k + 1) * g).fill(-1);
    this.sizes = Int32Array.from({ length: k + 1 }, (_, b) => (b < k ? g : n - k * g));
    this.seatOrbit = new Int32Array(t * (k + 1) * g).fill(-1);
    this.blockOf = new Int32Array(t * n);
    this.slotOf = new Int32Array(t * n);
    this.tabuUntil = new Int32Array(t * n * (k + 1));
    this.feasible = this.chooseSeatOrbits();
    if (!this.feasible) return;
    for (let b = 0; b < t; b++) {
      const next = new Int32Array(c);
      const deal = Array.from({ length: c }, (_, i) => rng.shuffle(Array.from({ length: m }, (_, x) => i * m + x)));
      for (let blk = 0; blk <= k; blk++) {
        for (let seat = 0; seat < this.sizes[blk]; seat++) {
          const at = (b * (k + 1) + blk) * g + seat;
          const orbit = this.seatOrbit[at];
          const p = orbit < 0 ? c * m + blk : deal[orbit][next[orbit]++];
          this.members[at] = p;
          this.blockOf[b * n + p] = blk;
          this.slotOf[b * n + p] = seat;
        }
      }
      for (let blk = 0; blk <= k; blk++) for (let seat = 0; seat < this.sizes[blk]; seat++) this.enter(b, this.members[(b * (k + 1) + blk) * g + seat], blk, -1, 1, true);
    }
  }

  /** Searches until the cost is 0 (true) or the work reaches `budget` (false). */
  solve(budget: number): boolean {
    if (!this.feasible) return false;
    return descend({
      cost: () => this.diffs.cost,
      work: () => this.work,
      move: (best) => this.move(best),
      shake: () => {
        for (let i = 0; i < this.g; i++) this.randomSwap();
      },
    }, budget, DIFFERENCE_TABU.stallSteps);
  }

  /** The t·h rounds, base round by base round. */
  develop(): IndexSchedule {
    const { g, k, m, t, movable } = this;
    const shift = (p: number, s: number): number => (p < movable ? this.orbitOf[p] * m + ((this.posOf[p] + s) % m) : p);
    const rounds: number[][][] = [];
    const byes: number[][] = [];
    for (let b = 0; b < t; b++) {
      const base = b * (k + 1) * g;
      for (let s = 0; s < m; s++) {
        rounds.push(Array.from({ length: k }, (_, blk) => Array.from(this.members.subarray(base + blk * g, base + blk * g + g), (p) => shift(p, s))));
        byes.push(Array.from(this.members.subarray(base + k * g, base + k * g + this.sizes[k]), (p) => shift(p, s)));
      }
    }
    return { rounds, byes };
  }

  /**
   * A starting layout: seat orbits per base round (each orbit m seats per base round; distinct orbits around a
   * fixed point, new to it in each base round; sitting-out orbits distinct and new in each base round), spread by
   * a hill climb so that no difference is asked for more often than it exists where it can. Only the counts can
   * rule a design out (false); the search mends the rest.
   */
  private chooseSeatOrbits(): boolean {
    const { c, m, f, k, g, t, sizes, seatOrbit, rng } = this;
    const s = sizes[k];
    const B = (b: number, blk: number): number => b * (k + 1) + blk;
    // fixedMeet[j·c + i]: base rounds in which fixed point j's group holds orbit i; byeUse[i]: base rounds orbit i sits out.
    const fixedMeet = new Int32Array(Math.max(1, f) * c);
    const byeUse = new Int32Array(c);
    for (let b = 0; b < t; b++) {
      const left = new Int32Array(c).fill(m);
      for (let j = 0; j < f; j++) {
        for (let e = 0; e < g - 1; e++) {
          const orbit = ((j + b) * (g - 1) + e) % c;
          seatOrbit[B(b, j) * g + 1 + e] = orbit;
          fixedMeet[j * c + orbit]++;
          if (--left[orbit] < 0) return false;
        }
      }
      for (let e = 0; e < s; e++) {
        const orbit = (c - 1 - (b * s + e) + c * 4) % c;
        seatOrbit[B(b, k) * g + e] = orbit;
        byeUse[orbit]++;
        if (--left[orbit] < 0) return false;
      }
      const rest: number[] = [];
      for (let i = 0; i < c; i++) for (let x = 0; x < left[i]; x++) rest.push(i);
      const shuffled = rng.shuffle(rest);
      let at = 0;
      for (let blk = f; blk < k; blk++) for (let seat = 0; seat < g; seat++) seatOrbit[B(b, blk) * g + seat] = shuffled[at++];
    }
    const count = new Int32Array(t * (k + 1) * c);
    for (let b = 0; b < t; b++)
      for (let blk = 0; blk <= k; blk++)
        for (let seat = 0; seat < sizes[blk]; seat++) {
          const o = seatOrbit[B(b, blk) * g + seat];
          if (o >= 0) count[B(b, blk) * c + o]++;
        }
    const pairs = (c * (c - 1)) / 2;
    const use = new Int32Array(c + pairs);
    const pureCap = m % 2 === 0 ? m - 2 : m - 1;
    const add = (bb: number, by: number): void => {
      if (bb % (k + 1) === k) return;
      for (let i = 0; i < c; i++) {
        const x = count[bb * c + i];
        if (x === 0) continue;
        use[i] += by * x * (x - 1);
        for (let j = i + 1; j < c; j++) use[c + this.diffs.orbitPair(i, j)] += by * x * count[bb * c + j];
      }
    };
    const score = (): number => {
      let sc = 0;
      for (let i = 0; i < c + pairs; i++) {
        const cap = i < c ? pureCap : m;
        sc += use[i] > cap ? 1e6 * (use[i] - cap) : 1000 / (cap - use[i] + 1);
      }
      return sc;
    };
    for (let b = 0; b < t; b++) for (let blk = 0; blk < k; blk++) add(B(b, blk), 1);
    let current = score();
    const seatsOf: number[][] = [];
    for (let b = 0; b < t; b++) {
      const seats: number[] = [];
      for (let blk = 0; blk <= k; blk++) for (let seat = 0; seat < sizes[blk]; seat++) if (seatOrbit[B(b, blk) * g + seat] >= 0) seats.push(B(b, blk) * g + seat);
      seatsOf.push(seats);
    }
    const tries = 40 * t * seatsOf[0].length;
    // Is orbit o allowed into block blk of base round b (in place of orbit old)?
    const allowed = (b: number, blk: number, o: number): boolean => {
      if (blk < f) return count[B(b, blk) * c + o] === 0 && fixedMeet[blk * c + o] === 0;
      if (blk === k) return count[B(b, blk) * c + o] === 0 && byeUse[o] === 0;
      return true;
    };
    for (let tr = 0; tr < tries; tr++) {
      this.work += Math.max(g, Math.ceil((c * c) / 4));
      const b = rng.int(0, t - 1);
      const seats = seatsOf[b];
      const s1 = seats[rng.int(0, seats.length - 1)];
      const s2 = seats[rng.int(0, seats.length - 1)];
      const b1 = Math.floor(s1 / g);
      const b2 = Math.floor(s2 / g);
      const o1 = seatOrbit[s1];
      const o2 = seatOrbit[s2];
      if (b1 === b2 || o1 === o2) continue;
      const blk1 = b1 % (k + 1);
      const blk2 = b2 % (k + 1);
      if (!allowed(b, blk1, o2) || !allowed(b, blk2, o1)) continue;
      const mark = (blk: number, o: number, by: number): void => {
        if (blk < f) fixedMeet[blk * c + o] += by;
        else if (blk === k) byeUse[o] += by;
      };
      add(b1, -1), add(b2, -1);
      count[b1 * c + o1]--, count[b1 * c + o2]++, count[b2 * c + o2]--, count[b2 * c + o1]++;
      add(b1, 1), add(b2, 1);
      const next = score();
      if (next <= current) {
        current = next;
        seatOrbit[s1] = o2;
        seatOrbit[s2] = o1;
        mark(blk1, o1, -1), mark(blk1, o2, 1), mark(blk2, o2, -1), mark(blk2, o1, 1);
      } else {
        add(b1, -1), add(b2, -1);
        count[b1 * c + o1]++, count[b1 * c + o2]--, count[b2 * c + o2]++, count[b2 * c + o1]--;
        add(b1, 1), add(b2, 1);
      }
    }
    return true;
  }

  private move(best: number): void {
    const { g, k, n, blockOf, tabuUntil, rng } = this;
    this.step++;
    this.work += g;
    const { diffs } = this;
    const movers = this.moversOf(diffs.conflicts.pick(rng));
    const base = diffs.cost;
    let bestDelta = Infinity;
    let bestA = -1;
    let bestB = -1;
    let ties = 0;
    diffs.track = false;
    for (const code of movers) {
      const bb = Math.floor(code / n);
      const a = code % n;
      const off = bb * n;
      const blockA = blockOf[off + a];
      this.enter(bb, a, blockA, -1, -1);
      for (let b = 0; b < this.movable; b++) {
        const blockB = blockOf[off + b];
        if (blockB === blockA) continue;
        this.work += g;
        diffs.proposing = true;
        this.enter(bb, b, blockB, -1, -1);
        this.enter(bb, a, blockB, b, 1);
        this.enter(bb, b, blockA, a, 1);
        diffs.proposing = false;
        const delta = diffs.proposedCost() - base;
        const tabu = tabuUntil[(off + a) * (k + 1) + blockB] > this.step || tabuUntil[(off + b) * (k + 1) + blockA] > this.step;
        if (tabu && base + delta >= best) continue;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestA = off + a;
          bestB = off + b;
          ties = 1;
        } else if (delta === bestDelta && rng.int(0, ties++) === 0) {
          bestA = off + a;
          bestB = off + b;
        }
      }
      this.enter(bb, a, blockA, -1, 1);
    }
    diffs.track = true;
    if (bestA < 0) return this.randomSwap();
    const blockA = blockOf[bestA];
    const blockB = blockOf[bestB];
    const bb = Math.floor(bestA / n);
    this.swap(bb, bestA % n, bestB % n);
    tabuUntil[bestA * (k + 1) + blockA] = this.step + rng.int(DIFFERENCE_TABU.tenureMin, DIFFERENCE_TABU.tenureMax);
    tabuUntil[bestB * (k + 1) + blockB] = this.step + rng.int(DIFFERENCE_TABU.tenureMin, DIFFERENCE_TABU.tenureMax);
  }

  private moversOf(key: number): number[] {
    const { c, m, k, n, t, blockOf } = this;
    const out: number[] = [];
    if (key >= this.fixedBase) {
      const bye = key >= this.byeBase;
      const blk = bye ? k : Math.floor((key - this.fixedBase) / c);
      const o = bye ? key - this.byeBase : (key - this.fixedBase) % c;
      for (let b = 0; b < t; b++) for (let x = 0; x < m; x++) if (blockOf[b * n + o * m + x] === blk) out.push(b * n + o * m + x);
      return out;
    }
    const [i, j, d] = this.diffs.decode(key);
    for (let b = 0; b < t; b++) {
      const off = b * n;
      for (let x = 0; x < m; x++) {
        const p = i * m + x;
        const q = j * m + ((x + d) % m);
        if (blockOf[off + p] === blockOf[off + q] && blockOf[off + p] < k) {
          if (!out.includes(off + p)) out.push(off + p);
          if (!out.includes(off + q)) out.push(off + q);
        }
      }
    }
    return out;
  }

  private randomSwap(): void {
    const { m, rng, n } = this;
    const bb = rng.int(0, this.t - 1);
    const i = rng.int(0, this.c - 1);
    const a = i * m + rng.int(0, m - 1);
    const b = rng.int(0, this.movable - 1);
    if (this.blockOf[bb * n + a] !== this.blockOf[bb * n + b]) this.swap(bb, a, b);
  }

  private swap(bb: number, a: number, b: number): void {
    const { g, k, n, members, blockOf, slotOf } = this;
    const off = bb * n;
    const blockA = blockOf[off + a];
    const blockB = blockOf[off + b];
    this.enter(bb, a, blockA, -1, -1);
    this.enter(bb, b, blockB, -1, -1);
    this.enter(bb, a, blockB, b, 1);
    this.enter(bb, b, blockA, a, 1);
    const slotA = slotOf[off + a];
    const slotB = slotOf[off + b];
    const mb = bb * (k + 1) * g;
    members[mb + blockA * g + slotA] = b;
    members[mb + blockB * g + slotB] = a;
    blockOf[off + a] = blockB;
    slotOf[off + a] = slotB;
    blockOf[off + b] = blockA;
    slotOf[off + b] = slotA;
  }

  private enter(bb: number, p: number, block: number, skip: number, by: 1 | -1, half = false): void {
    if (p >= this.movable) return;
    const { g, c, k, members } = this;
    const i = this.orbitOf[p];
    if (block === k) return this.diffs.bump(this.byeBase + i, by);
    if (block < this.f) this.diffs.bump(this.fixedBase + block * c + i, by);
    const start = (bb * (k + 1) + block) * g;
    for (let slot = start; slot < start + g; slot++) {
      const q = members[slot];
      if (half && q === p) return;
      if (q === p || q === skip || q >= this.movable) continue;
      this.diffs.meet(p, q, by);
    }
  }
}
