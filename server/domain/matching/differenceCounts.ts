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
  private readonly pairIndex: Int32Array;
  private readonly pairOrbits: Int32Array;
  private readonly decoded = new Int32Array(3);

  constructor(private readonly c: number, private readonly m: number, extraKeys = 0) {
    this.pairIndex = new Int32Array(c * c).fill(-1);
    this.pairOrbits = new Int32Array((c * (c - 1)) / 2);
    let pairs = 0;
    for (let i = 0; i < c; i++) for (let j = i + 1; j < c; j++) (this.pairOrbits[pairs] = i), (this.pairIndex[i * c + j] = pairs++);
    this.mixedBase = c * m;
    this.differenceKeys = this.mixedBase + pairs * m;
    this.uses = new Int32Array(this.differenceKeys + extraKeys);
    this.conflicts = new ConflictSet(this.differenceKeys + extraKeys);
  }

  /** The index of orbits i < j among the c(c − 1)/2 pairs. */
  orbitPair(i: number, j: number): number {
    return this.pairIndex[i * this.c + j];
  }

  /** Counts (by = 1) or uncounts (by = −1) the differences of orbit points (i, x) and (j, y) in one block. */
  pair(i: number, x: number, j: number, y: number, by: 1 | -1): void {
    const m = this.m;
    if (i === j) {
      this.bump(i * m + ((y - x + m) % m), by);
      this.bump(i * m + ((x - y + m) % m), by);
    } else if (i < j) {
      this.bump(this.mixedBase + this.pairIndex[i * this.c + j] * m + ((y - x + m) % m), by);
    } else {
      this.bump(this.mixedBase + this.pairIndex[j * this.c + i] * m + ((x - y + m) % m), by);
    }
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
