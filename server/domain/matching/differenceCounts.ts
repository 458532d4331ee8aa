// What the cyclic searches count: how often each difference (orbit i, orbit j, shift) is used, the cost, the conflicts.
import { ConflictSet } from "./tabu.js";

/** For the cyclic searches' tabu descent: non-improving steps before a shake, and how long a moved point stays put. */
export const DIFFERENCE_TABU = { stallSteps: 400, tenureMin: 3, tenureMax: 12 } as const;

/**
 * Use counts of the differences between orbit points: key i·m + d for two points of orbit i, d = y − x (both
 * directions are counted), and `mixedBase` + pair(i, j)·m + d for (i, x), (j, y) with i < j and d = y − x mod m.
 * Keys from `differenceKeys` on (`extraKeys` of them) are the caller's own, counted the same way. The cost is the
 * number of uses beyond the first, summed over keys; `conflicts` holds the keys used twice or more while `track`.
 */
export class DifferenceCounts {
  private readonly mixedBase: number;
  /** Keys below this are differences; the caller's extra keys follow. */
  readonly differenceKeys: number;
  private readonly uses: Int32Array;
  readonly conflicts: ConflictSet;
  cost = 0;
  /** When false, counts and cost change but `conflicts` does not (for trial moves that are undone at once). */
  track = true;
  /** When true, `bump` and `meet` only note their changes for `proposedCost` (for weighing a move without making it). */
  proposing = false;
  private readonly pairIndex: Int32Array;
  private readonly pairOrbits: Int32Array;
  private readonly decoded = new Int32Array(3);
  /**
   * The differences orbit points p = i·m + x and q = j·m + y use in one block, at p·c·m + q: y − x and x − y for one
   * orbit (i = j), y − x of orbits (i, j) for i < j, x − y of (j, i) for i > j; the second is −1 for two orbits.
   */
  private readonly firstKey: Int32Array;
  private readonly secondKey: Int32Array;
  /** A trial's changes, not applied: net change per key (valid where stamped with the current trial), keys touched. */
  private readonly pending: Int32Array;
  private readonly stamp: Int32Array;
  private trial = 1;
  private touched = new Int32Array(64);
  private touchedCount = 0;

  constructor(private readonly c: number, private readonly m: number, extraKeys = 0) {
    this.pairIndex = new Int32Array(c * c).fill(-1);
    this.pairOrbits = new Int32Array((c * (c - 1)) / 2);
    let pairs = 0;
    for (let i = 0; i < c; i++) for (let j = i + 1; j < c; j++) (this.pairOrbits[pairs] = i), (this.pairIndex[i * c + j] = pairs++);
    this.mixedBase = c * m;
    this.differenceKeys = this.mixedBase + pairs * m;
    this.uses = new Int32Array(this.differenceKeys + extraKeys);
    this.conflicts = new ConflictSet(this.differenceKeys + extraKeys);
    this.pending = new Int32Array(this.uses.length);
    this.stamp = new Int32Array(this.uses.length);
    const points = c * m;
    this.firstKey = new Int32Array(points * points);
    this.secondKey = new Int32Array(points * points).fill(-1);
    for (let p = 0; p < points; p++) {
      const i = Math.floor(p / m);
      const x = p % m;
      for (let q = 0; q < points; q++) {
        const j = Math.floor(q / m);
        const y = q % m;
        const at = p * points + q;
        if (i === j) {
          this.firstKey[at] = i * m + ((y - x + m) % m);
          this.secondKey[at] = i * m + ((x - y + m) % m);
        } else if (i < j) {
          this.firstKey[at] = this.mixedBase + this.pairIndex[i * c + j] * m + ((y - x + m) % m);
        } else {
          this.firstKey[at] = this.mixedBase + this.pairIndex[j * c + i] * m + ((x - y + m) % m);
        }
      }
    }
  }

  /** Counts (by = 1) or uncounts (by = −1) the differences of orbit points p ≠ q in one block. */
  meet(p: number, q: number, by: 1 | -1): void {
    const at = p * this.c * this.m + q;
    this.bump(this.firstKey[at], by);
    const second = this.secondKey[at];
    if (second >= 0) this.bump(second, by);
  }

  /** The index of orbits i < j among the c(c − 1)/2 pairs. */
  orbitPair(i: number, j: number): number {
    return this.pairIndex[i * this.c + j];
  }

  /**
   * Notes a change of key's count for a trial move without making it (what `bump` does while `proposing`);
   * `proposedCost` then tells what the cost would be after all changes noted since its last call.
   */
  private propose(key: number, by: 1 | -1): void {
    if (this.stamp[key] !== this.trial) {
      this.stamp[key] = this.trial;
      this.pending[key] = by;
      if (this.touchedCount === this.touched.length) {
        const more = new Int32Array(2 * this.touched.length);
        more.set(this.touched);
        this.touched = more;
      }
      this.touched[this.touchedCount++] = key;
    } else this.pending[key] += by;
  }

  /** The cost with the proposed changes made; forgets them. */
  proposedCost(): number {
    const { uses, pending, touched } = this;
    let cost = this.cost;
    for (let i = 0; i < this.touchedCount; i++) {
      const key = touched[i];
      const before = uses[key];
      const after = before + pending[key];
      cost += (after > 1 ? after - 1 : 0) - (before > 1 ? before - 1 : 0);
    }
    this.touchedCount = 0;
    this.trial++;
    return cost;
  }

  /**
   * The orbits i ≤ j and shift d of difference `key`: points (i, x) and (j, x + d mod m) use it, for every x.
   * Overwritten by the next call.
   */
  decode(key: number): Int32Array {
    const { m, decoded } = this;
    if (key < this.mixedBase) {
      decoded[0] = decoded[1] = Math.floor(key / m);
      decoded[2] = key % m;
      return decoded;
    }
    const pair = Math.floor((key - this.mixedBase) / m);
    const i = this.pairOrbits[pair];
    let j = i + 1;
    while (this.pairIndex[i * this.c + j] !== pair) j++;
    decoded[0] = i;
    decoded[1] = j;
    decoded[2] = (key - this.mixedBase) % m;
    return decoded;
  }

  bump(key: number, by: 1 | -1): void {
    if (this.proposing) return this.propose(key, by);
    const before = this.uses[key];
    const after = before + by;
    this.uses[key] = after;
    if (by > 0) {
      if (before >= 1) this.cost++;
    } else if (before >= 2) this.cost--;
    if (!this.track) return;
    if (after === 2 && before === 1) {
      this.conflicts.add(key);
    } else if (after === 1 && before === 2) {
      this.conflicts.remove(key);
    }
  }
}
