// The search behind cyclic designs: a first round whose differences (orbit pair, shift) are all distinct, by tabu swaps.
import type { Rng } from "../rng.js";
import { DIFFERENCE_TABU, DifferenceCounts } from "./differenceCounts.js";
import { descend } from "./tabu.js";
import type { IndexSchedule } from "./roundRobin.js";

/**
 * Where the n participants sit in a cyclic design: participant i·m + x (i < c, x < m) is point x of orbit i, the
 * f = n − c·m others are fixed points. Round t moves every orbit point x to x + t (mod m); fixed points stay. With
 * m rounds (the whole cycle) nobody meets anyone twice iff round 1 uses every "difference" at most once.
 */
export interface CyclicDesign {
  /** c: orbits. */
  orbits: number;
  /** m: points per orbit, and the number of rounds. */
  period: number;
  /** f: fixed points, one per group at most (two would meet every round). */
  fixed: number;
}

/**
 * Round 1 of a cyclic design as blocks: groups 0..k−1 of g (fixed point j, if any, in seat 0 of group j) and
 * block k, the s sitting out. Each seat is first given an orbit, so that no difference is asked for more often
 * than it exists (and groups with a fixed point, and those sitting out, hold distinct orbits); then the points of
 * each orbit are dealt to its seats. Every pair of orbit points in a group uses a difference (orbit i, orbit j,
 * y − x mod m); the cost is Σ max(0, uses − 1) over differences, and a tabu search swaps two points of one orbit
 * between blocks until it is 0.
 */
export class CyclicSearch {
  /** Candidates weighed so far (seat orbits and swaps). */
  work = 0;
  /** False when no choice of seat orbits fits the differences available: the design cannot work. */
  readonly feasible: boolean;
  private readonly c: number;
  private readonly m: number;
  private readonly f: number;
  private readonly k: number;
  private readonly movable: number;
  private readonly orbitOf: Int32Array;
  private readonly posOf: Int32Array;
  /** members[b·g + seat]; sizes[b] is g, or the number sitting out for block k. */
  private readonly members: Int32Array;
  private readonly sizes: Int32Array;
  /** The orbit each seat holds (−1: the fixed point's seat). */
  private readonly seatOrbit: Int32Array;
  private readonly blockOf: Int32Array;
  private readonly slotOf: Int32Array;
  private readonly diffs: DifferenceCounts;
  private step = 0;
  private readonly tabuUntil: Int32Array;

  constructor(
    private readonly n: number,
    private readonly g: number,
    design: CyclicDesign,
    private readonly rng: Rng,
  ) {
    const c = (this.c = design.orbits);
    const m = (this.m = design.period);
    const f = (this.f = design.fixed);
    const k = (this.k = Math.floor(n / g));
    this.movable = c * m;
    this.orbitOf = Int32Array.from({ length: n }, (_, p) => (p < c * m ? Math.floor(p / m) : -1));
    this.posOf = Int32Array.from({ length: n }, (_, p) => (p < c * m ? p % m : -1));
    this.diffs = new DifferenceCounts(c, m);
    this.members = new Int32Array((k + 1) * g).fill(-1);
    this.sizes = Int32Array.from({ length: k + 1 }, (_, b) => (b < k ? g : n - k * g));
    this.seatOrbit = new Int32Array((k + 1) * g).fill(-1);
    this.blockOf = new Int32Array(n);
    this.slotOf = new Int32Array(n);
    this.tabuUntil = new Int32Array(n * (k + 1));
    this.feasible = this.chooseSeatOrbits();
    if (!this.feasible) return;
    // Fixed point j opens group j; each orbit's points go to its seats in random order.
    const next = new Int32Array(c);
    const deal = Array.from({ length: c }, (_, i) => rng.shuffle(Array.from({ length: m }, (_, x) => i * m + x)));
    for (let b = 0; b <= k; b++) {
      for (let seat = 0; seat < this.sizes[b]; seat++) {
        const orbit = this.seatOrbit[b * g + seat];
        const p = orbit < 0 ? c * m + b : deal[orbit][next[orbit]++];
        this.members[b * g + seat] = p;
        this.blockOf[p] = b;
        this.slotOf[p] = seat;
      }
    }
    for (let b = 0; b < k; b++) for (let seat = 0; seat < g; seat++) this.enter(this.members[b * g + seat], b, -1, 1, true);
  }

  /** Searches until every difference is used at most once (true) or the work reaches `budget` (false). */
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

  /** The m rounds: round t shifts every orbit point by t. */
  develop(): IndexSchedule {
    const { g, k, m, movable } = this;
    const shift = (p: number, t: number): number => (p < movable ? this.orbitOf[p] * m + ((this.posOf[p] + t) % m) : p);
    const rounds: number[][][] = [];
    const byes: number[][] = [];
    for (let t = 0; t < m; t++) {
      rounds.push(Array.from({ length: k }, (_, b) => Array.from(this.members.subarray(b * g, b * g + g), (p) => shift(p, t))));
      byes.push(Array.from(this.members.subarray(k * g, k * g + this.sizes[k]), (p) => shift(p, t)));
    }
    return { rounds, byes };
  }

  /**
   * Gives every seat an orbit: m seats per orbit, distinct orbits in a fixed point's group and among those sitting
   * out, and per orbit (and pair of orbits) no more pairs than there are differences, spread as evenly as a hill
   * climb over exchanges of two seats' orbits finds. False when some difference stays over-asked.
   */
  private chooseSeatOrbits(): boolean {
    const { c, m, f, k, g, sizes, seatOrbit, rng } = this;
    const distinct = (b: number): boolean => b < f || b === k;
    const labels: number[] = [];
    const left = new Int32Array(c).fill(m);
    for (let b = 0; b <= k; b++) {
      if (!distinct(b)) continue;
      for (let seat = b < f ? 1 : 0; seat < sizes[b]; seat++) {
        // Rotate through the orbits, so groups with a fixed point and those sitting out take them evenly.
        const orbit = labels.length % c;
        labels.push(orbit);
        seatOrbit[b * g + seat] = orbit;
        if (--left[orbit] < 0) return false;
      }
    }
    const rest: number[] = [];
    for (let i = 0; i < c; i++) for (let t = 0; t < left[i]; t++) rest.push(i);
    const shuffled = rng.shuffle(rest);
    let at = 0;
    for (let b = f; b < k; b++) for (let seat = 0; seat < g; seat++) seatOrbit[b * g + seat] = shuffled[at++];
    // count[b·c + i]: orbit-i seats of group b; use[i] (pure) and use[c + pair] (mixed) summed over groups.
    const count = new Int32Array((k + 1) * c);
    for (let b = 0; b <= k; b++) for (let seat = 0; seat < sizes[b]; seat++) if (seatOrbit[b * g + seat] >= 0) count[b * c + seatOrbit[b * g + seat]]++;
    const pairs = (c * (c - 1)) / 2;
    const use = new Int32Array(c + pairs);
    const pureCap = m % 2 === 0 ? m - 2 : m - 1;
    const add = (b: number, by: number): void => {
      if (b === k) return; // sitting out meets nobody
      for (let i = 0; i < c; i++) {
        const x = count[b * c + i];
        if (x === 0) continue;
        use[i] += by * x * (x - 1);
        for (let j = i + 1; j < c; j++) use[c + this.diffs.orbitPair(i, j)] += by * x * count[b * c + j];
      }
    };
    const score = (): number => {
      let s = 0;
      for (let i = 0; i < c + pairs; i++) {
        const cap = i < c ? pureCap : m;
        // Over capacity is ruled out; below it, a barrier spreads the spare differences over all kinds.
        s += use[i] > cap ? 1e6 * (use[i] - cap) : 1000 / (cap - use[i] + 1);
      }
      return s;
    };
    for (let b = 0; b < k; b++) add(b, 1);
    let current = score();
    const seats: number[] = [];
    for (let b = 0; b <= k; b++) for (let seat = 0; seat < sizes[b]; seat++) if (seatOrbit[b * g + seat] >= 0) seats.push(b * g + seat);
    const tries = 40 * seats.length;
    for (let t = 0; t < tries; t++) {
      this.work += Math.max(g, Math.ceil((c * c) / 4)); // a proposal recounts two groups' pairs of orbits
      const s1 = seats[rng.int(0, seats.length - 1)];
      const s2 = seats[rng.int(0, seats.length - 1)];
      const b1 = Math.floor(s1 / g);
      const b2 = Math.floor(s2 / g);
      const o1 = seatOrbit[s1];
      const o2 = seatOrbit[s2];
      if (b1 === b2 || o1 === o2) continue;
      if ((distinct(b1) && count[b1 * c + o2] > 0) || (distinct(b2) && count[b2 * c + o1] > 0)) continue;
      const exchange = (): void => {
        add(b1, -1), add(b2, -1);
        count[b1 * c + o1]--, count[b1 * c + o2]++, count[b2 * c + o2]--, count[b2 * c + o1]++;
        add(b1, 1), add(b2, 1);
      };
      exchange();
      const next = score();
      if (next <= current) {
        current = next;
        seatOrbit[s1] = o2;
        seatOrbit[s2] = o1;
      } else {
        // Undo: the same exchange with the orbits the other way round.
        add(b1, -1), add(b2, -1);
        count[b1 * c + o1]++, count[b1 * c + o2]--, count[b2 * c + o2]++, count[b2 * c + o1]--;
        add(b1, 1), add(b2, 1);
      }
    }
    return current < 1e6;
  }

  /** One step: take an over-used difference, move one of the points using it by the best allowed swap. */
  private move(best: number): void {
    const { g, k, m, blockOf, tabuUntil, rng, orbitOf } = this;
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
    for (const a of movers) {
      const blockA = blockOf[a];
      const first = orbitOf[a] * m;
      this.enter(a, blockA, -1, -1);
      for (let b = first; b < first + m; b++) {
        const blockB = blockOf[b];
        if (blockB === blockA) continue;
        this.work += g;
        diffs.proposing = true;
        this.enter(b, blockB, -1, -1);
        this.enter(a, blockB, b, 1);
        this.enter(b, blockA, a, 1);
        diffs.proposing = false;
        const delta = diffs.proposedCost() - base;
        // Tabu moves are allowed only when they beat the best cost seen (aspiration).
        const tabu = tabuUntil[a * (k + 1) + blockB] > this.step || tabuUntil[b * (k + 1) + blockA] > this.step;
        if (tabu && base + delta >= best) continue;
        if (delta < bestDelta) {
          bestDelta = delta;
          bestA = a;
          bestB = b;
          ties = 1;
        } else if (delta === bestDelta && rng.int(0, ties++) === 0) {
          bestA = a;
          bestB = b;
        }
      }
      this.enter(a, blockA, -1, 1);
    }
    diffs.track = true;
    if (bestA < 0) return this.randomSwap();
    const blockA = blockOf[bestA];
    const blockB = blockOf[bestB];
    this.swap(bestA, bestB);
    tabuUntil[bestA * (k + 1) + blockA] = this.step + rng.int(DIFFERENCE_TABU.tenureMin, DIFFERENCE_TABU.tenureMax);
    tabuUntil[bestB * (k + 1) + blockB] = this.step + rng.int(DIFFERENCE_TABU.tenureMin, DIFFERENCE_TABU.tenureMax);
  }

  /** The points whose places use difference `key`. */
  private moversOf(key: number): number[] {
    const { m, k, blockOf } = this;
    const out: number[] = [];
    const [i, j, d] = this.diffs.decode(key);
    for (let x = 0; x < m; x++) {
      const p = i * m + x;
      const q = j * m + ((x + d) % m);
      if (blockOf[p] === blockOf[q] && blockOf[p] < k) {
        if (!out.includes(p)) out.push(p);
        if (!out.includes(q)) out.push(q);
      }
    }
    return out;
  }

  /** Swaps two random points of one orbit in different blocks. */
  private randomSwap(): void {
    const { m, rng } = this;
    const i = rng.int(0, this.c - 1);
    const a = i * m + rng.int(0, m - 1);
    const b = i * m + rng.int(0, m - 1);
    if (this.blockOf[a] !== this.blockOf[b]) this.swap(a, b);
  }

  private swap(a: number, b: number): void {
    const { g, members, blockOf, slotOf } = this;
    const blockA = blockOf[a];
    const blockB = blockOf[b];
    this.enter(a, blockA, -1, -1);
    this.enter(b, blockB, -1, -1);
    this.enter(a, blockB, b, 1);
    this.enter(b, blockA, a, 1);
    const slotA = slotOf[a];
    const slotB = slotOf[b];
    members[blockA * g + slotA] = b;
    members[blockB * g + slotB] = a;
    blockOf[a] = blockB;
    slotOf[a] = slotB;
    blockOf[b] = blockA;
    slotOf[b] = slotA;
  }

  /**
   * Adds (by = 1) or removes (by = −1) the differences orbit point p uses by sitting in `block` beside its orbit
   * members other than p and `skip`. With `half`, only members seated before p count (to count each pair once).
   */
  private enter(p: number, block: number, skip: number, by: 1 | -1, half = false): void {
    if (p >= this.movable || block === this.k) return; // fixed points use no difference; sitting out meets nobody
    const { g, members } = this;
    for (let slot = block * g; slot < block * g + g; slot++) {
      const q = members[slot];
      if (half && q === p) return;
      if (q === p || q === skip || q >= this.movable) continue;
      this.diffs.meet(p, q, by);
    }
  }
}
