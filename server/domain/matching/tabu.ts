// What the stranger searches share: the set of conflicting keys, and the descent loop that shakes plateaus.
import type { Rng } from "../rng.js";

/** Keys in conflict (pair or difference codes below `capacity`): O(1) add, remove and random pick. */
export class ConflictSet {
  private readonly keys: Int32Array;
  private readonly at: Int32Array;
  private size = 0;

  constructor(capacity: number) {
    this.keys = new Int32Array(capacity);
    this.at = new Int32Array(capacity).fill(-1);
  }

  add(key: number): void {
    this.at[key] = this.size;
    this.keys[this.size++] = key;
  }

  remove(key: number): void {
    const i = this.at[key];
    const last = this.keys[--this.size];
    this.keys[i] = last;
    this.at[last] = i;
    this.at[key] = -1;
  }

  /** One of the keys, drawn uniformly; only while the set is not empty. */
  pick(rng: Rng): number {
    return this.keys[rng.int(0, this.size - 1)];
  }
}

/** A local search as `descend` drives it. */
export interface Descent {
  cost(): number;
  work(): number;
  /** One step: the best non-tabu move, given the best cost seen since the last improvement or shake. */
  move(best: number): void;
  /** A few random moves, to leave a plateau. */
  shake(): void;
}

/**
 * Steps until the cost is 0 (true) or the work reaches `budget` (false); after `stallSteps` steps without an
 * improvement it shakes the search and starts counting again.
 */
export function descend(s: Descent, budget: number, stallSteps: number): boolean {
  let best = s.cost();
  let stalled = 0;
  while (s.cost() > 0) {
    if (s.work() >= budget) return false;
    s.move(best);
    if (s.cost() < best) {
      best = s.cost();
      stalled = 0;
    } else if (++stalled > stallSteps) {
      s.shake();
      best = s.cost();
      stalled = 0;
    }
  }
  return true;
}
