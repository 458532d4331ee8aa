// Perfect-stranger rounds developed over GF(q) from a first round that a multiplier maps onto itself: q rounds where the plain cycle stalls.
import { fieldPower, galoisField, primitiveElement, type GaloisField } from "./galoisField.js";
import type { IndexSchedule } from "./roundRobin.js";

/**
 * Where the n participants sit: participant i·q + x (i < c) is point x of column i, x in GF(q); the f = n − c·q
 * others are fixed points. Round t moves every column point x to x + t, so q rounds come from one first round, and
 * nobody meets twice iff that round uses every difference (column i, column j, y − x) at most once. The first round
 * is also mapped onto itself by σ(x, i) = (ω·x, i + shift mod c), ω of order `order`: it is a union of σ-orbits of
 * groups, so the search chooses one group in `order` (the classic multiplier trick behind resolvable designs).
 */
export interface RotationalDesign {
  q: number;
  /** c = g − 1 columns. */
  columns: number;
  fixed: number;
  /** 1: σ moves each point one column on (ω of order c, so a fixed point's group is one σ-orbit); 0: σ keeps columns. */
  shift: 0 | 1;
  /** The order of ω: c with shift 1, an odd divisor of q − 1 with shift 0 (odd, so d and −d never share a coset). */
  order: number;
  /** The c zeros (0, i), which σ fixes as a set: in one group with fixed point 0, or sitting out (one per column). */
  zeros: "group" | "out";
}

/**
 * The designs of q rounds that fit n in groups of g, largest q first: c = g − 1 columns of an odd prime power q,
 * f = n − c·q < g fixed points, the n mod g sitting out being the c zeros (or nobody, the zeros then grouping with a
 * fixed point). With shift 1 every other fixed point takes one σ-orbit as its group; with shift 0 there is none.
 */
export function rotationalDesigns(n: number, g: number): RotationalDesign[] {
  const c = g - 1;
  const out: RotationalDesign[] = [];
  if (g < 3) return out;
  for (let q = Math.floor(n / c); q >= 3; q--) {
    const field = galoisField(q);
    const f = n - c * q;
    // Characteristic 2 is left out: there the translation by x + y maps a pair {x, y} of one column onto itself,
    // so two members of a group in the same column (every group has some: g members, g − 1 columns) meet twice.
    if (!field || field.p === 2 || f >= g) continue;
    const b = n % g;
    const zeros = b === 0 && f >= 1 ? "group" : b === c ? "out" : null;
    if (!zeros) continue;
    const orbitFixed = f - (zeros === "group" ? 1 : 0);
    if (orbitFixed === 0) {
      for (let h = q - 1; h >= 3; h--) {
        if ((q - 1) % h === 0 && h % 2 === 1 && ((c * (q - 1)) / h) % g === 0) out.push({ q, columns: c, fixed: f, shift: 0, order: h, zeros });
      }
    }
    // With c even, ω^(c/2) = −1 and σ^(c/2) takes a pair in opposite columns to a translate of itself: groups could
    // never hold two such points, which leaves too few differences, so shift 1 is tried for odd c only.
    if (c % 2 === 1 && (q - 1) % c === 0 && (q - 1 - orbitFixed) % g === 0) out.push({ q, columns: c, fixed: f, shift: 1, order: c, zeros });
  }
  return out;
}

export interface RotationalOptions {
  /**
   * Work allowed per call, in differences looked at (about 30 ns each on a 2-core machine); the search is depth-first and has no
   * randomness, so the same budget always gives the same answer. Default 400 000.
   */
  budget?: number;
}

export interface RotationalResult extends IndexSchedule {
  design: RotationalDesign | null;
  /** Work spent, in the units of `budget`. */
  work: number;
}

/**
 * q perfect-stranger rounds for n in groups of g from the first design of `rotationalDesigns` with q > `above` whose
 * first round the search finds within the budget, or no rounds.
 */
export function rotationalStrangers(n: number, g: number, above: number, options: RotationalOptions = {}): RotationalResult {
  const budget = options.budget ?? 400_000;
  const designs = rotationalDesigns(n, g).filter((d) => d.q > above);
  let work = 0;
  for (let i = 0; i < designs.length && work < budget; i++) {
    const search = new RotationalSearch(g, designs[i]);
    // Each design gets an equal share of what is left, so a later (smaller) one is still tried.
    const solved = search.solve(Math.ceil((budget - work) / (designs.length - i)));
    work += search.work;
    if (solved) return { ...search.develop(), design: designs[i], work };
  }
  return { rounds: [], byes: [], design: null, work };
}

/**
 * The first round as slots: g per group (the group's σ-orbit is named by slot 0, at offset 0), then one per fixed
 * point whose group is a σ-orbit of points. Each slot holds a σ-orbit of points and, in a group, the offset of the
 * member taken from it. A slot may be filled only if none of the differences it adds, over every σ-image of its
 * group, is in use; the search fills the fixed points' slots, then the groups', depth first.
 */
class RotationalSearch {
  work = 0;
  private readonly field: GaloisField;
  private readonly c: number;
  private readonly q: number;
  private readonly o: number;
  /** Point index (column·q + x) of σ-orbit r's member e: pts[r·o + e]. */
  private readonly pts: Int32Array;
  private readonly slotOrbit: Int32Array;
  private readonly slotExp: Int32Array;
  private readonly groups: number;
  /** Differences in use, by key (column i·c + column j)·q + (y − x). */
  private readonly uses: Uint8Array;

  constructor(private readonly g: number, private readonly d: RotationalDesign) {
    this.field = galoisField(d.q)!;
    this.c = d.columns;
    this.q = d.q;
    this.o = d.order;
    const omega = fieldPower(this.field, primitiveElement(this.field), (this.q - 1) / this.o);
    const reps: Array<[number, number]> = []; // [column, x] of each orbit's member 0
    if (d.shift === 1) for (let x = 1; x < this.q; x++) reps.push([0, x]);
    else {
      for (let i = 0; i < this.c; i++) {
        const seen = new Uint8Array(this.q);
        for (let x = 1; x < this.q; x++) {
          if (seen[x]) continue;
          reps.push([i, x]);
          for (let e = 0, y = x; e < this.o; e++, y = this.field.mul(y, omega)) seen[y] = 1;
        }
      }
    }
    this.pts = new Int32Array(reps.length * this.o);
    reps.forEach(([col, x], r) => {
      for (let e = 0, y = x; e < this.o; e++, y = this.field.mul(y, omega)) this.pts[r * this.o + e] = ((col + d.shift * e) % this.c) * this.q + y;
    });
    const orbitFixed = d.fixed - (d.zeros === "group" ? 1 : 0);
    this.groups = (reps.length - orbitFixed) / this.g;
    this.slotOrbit = new Int32Array(reps.length);
    this.slotExp = new Int32Array(this.groups * this.g);
    this.uses = new Uint8Array(this.c * this.c * this.q);
    // The zeros' group (if any) uses difference 0 between every two columns.
    if (d.zeros === "group") for (let i = 0; i < this.c; i++) for (let j = 0; j < this.c; j++) if (i !== j) this.uses[(i * this.c + j) * this.q] = 1;
  }

  /** True once every slot is filled without a repeated difference; false when none exists or the budget ran out. */
  solve(budget: number): boolean {
    const { g, o } = this;
    const groupSlots = this.groups * g;
    const slots = this.slotOrbit.length;
    const used = new Uint8Array(slots);
    // Fixed points' slots first, then the groups' in order.
    const order = [...Array.from({ length: slots - groupSlots }, (_, i) => groupSlots + i), ...Array.from({ length: groupSlots }, (_, i) => i)];
    // Orbits within a fixed point's run or a group rise, so that no set is tried twice in another order; a group's
    // slot 0 takes the least orbit left, as every orbit must be in some group.
    const place = (i: number, least: number): boolean => {
      if (i === order.length) return true;
      const s = order[i];
      const opens = s < groupSlots && s % g === 0;
      const from = opens ? used.indexOf(0) : least;
      const to = opens ? from : slots - 1;
      for (let r = from; r <= to; r++) {
        if (used[r]) continue;
        used[r] = 1;
        this.slotOrbit[s] = r;
        for (let e = 0; e < (s < groupSlots && !opens ? o : 1); e++) {
          if (this.work > budget) return false;
          if (s < groupSlots) this.slotExp[s] = e;
          const keys = this.keysOf(s);
          if (!this.take(keys)) continue;
          const next = order[i + 1];
          const sameRun = next !== undefined && (next >= groupSlots ? s >= groupSlots : s < groupSlots && (s + 1) % g !== 0);
          if (place(i + 1, sameRun ? r + 1 : 0)) return true;
          for (const k of keys) this.uses[k] = 0;
        }
        used[r] = 0;
      }
      return false;
    };
    return place(0, 0);
  }

  /** The differences slot s adds: with the slots of its group before it, in every σ-image; a fixed point's whole orbit. */
  private keysOf(s: number): number[] {
    const { g, o } = this;
    const keys: number[] = [];
    if (s >= this.groups * g) {
      const pts = this.pts.subarray(this.slotOrbit[s] * o, (this.slotOrbit[s] + 1) * o);
      for (let a = 0; a < o; a++) for (let b = 0; b < o; b++) if (a !== b) keys.push(this.key(pts[a], pts[b]));
      return keys;
    }
    const start = Math.floor(s / g) * g;
    for (let t = 0; t < o; t++) {
      const p = this.pts[this.slotOrbit[s] * o + ((this.slotExp[s] + t) % o)];
      for (let k = start; k < s; k++) {
        const x = this.pts[this.slotOrbit[k] * o + ((this.slotExp[k] + t) % o)];
        keys.push(this.key(p, x), this.key(x, p));
      }
    }
    return keys;
  }

  /** Marks `keys` in use, or changes nothing and returns false if one is in use already or repeats among them. */
  private take(keys: number[]): boolean {
    this.work += keys.length;
    for (let i = 0; i < keys.length; i++) {
      if (this.uses[keys[i]]) {
        for (let j = 0; j < i; j++) this.uses[keys[j]] = 0;
        return false;
      }
      this.uses[keys[i]] = 1;
    }
    return true;
  }

  private key(pa: number, pb: number): number {
    return (Math.floor(pa / this.q) * this.c + Math.floor(pb / this.q)) * this.q + this.field.sub(pb % this.q, pa % this.q);
  }

  /** The q rounds: the first round's groups (every σ-image of each chosen group), translated by each t in GF(q). */
  develop(): IndexSchedule {
    const base: number[][] = [];
    const zeros = Array.from({ length: this.c }, (_, i) => i * this.q);
    this.eachBlock((points) => base.push(Array.from(points)));
    if (this.d.zeros === "group") base.push(zeros);
    const fixedAt = (k: number): number => this.c * this.q + k;
    // Blocks list column points only; fixed points join theirs here (0 with the zeros, the others with their orbit).
    const withFixed = base.map((block, i) => {
      const orbitBlock = i - this.groups * this.o;
      if (this.d.zeros === "group" && i === base.length - 1) return [...block, fixedAt(0)];
      return orbitBlock >= 0 ? [...block, fixedAt(orbitBlock + (this.d.zeros === "group" ? 1 : 0))] : block;
    });
    const move = (p: number, t: number): number => (p >= this.c * this.q ? p : p - (p % this.q) + this.field.add(p % this.q, t));
    const rounds: number[][][] = [];
    const byes: number[][] = [];
    for (let t = 0; t < this.q; t++) {
      rounds.push(withFixed.map((block) => block.map((p) => move(p, t)).sort((x, y) => x - y)));
      byes.push(this.d.zeros === "out" ? zeros.map((p) => move(p, t)).sort((x, y) => x - y) : []);
    }
    return { rounds, byes };
  }

  /** Every block of the first round but the zeros': each group's σ-images, then each orbit that is a fixed point's group. */
  private eachBlock(visit: (points: Int32Array) => void): void {
    for (let b = 0; b < this.groups; b++) for (let t = 0; t < this.o; t++) visit(this.groupImage(b, t));
    for (let s = this.groups * this.g; s < this.slotOrbit.length; s++) visit(this.pts.subarray(this.slotOrbit[s] * this.o, (this.slotOrbit[s] + 1) * this.o));
  }

  private groupImage(b: number, t: number): Int32Array {
    const points = new Int32Array(this.g);
    for (let k = 0; k < this.g; k++) points[k] = this.pts[this.slotOrbit[b * this.g + k] * this.o + ((this.slotExp[b * this.g + k] + t) % this.o)];
    return points;
  }
}
