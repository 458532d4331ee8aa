// Standby pool (Pavilion): who may be grouped now, who backfills a dropped seat, and the four turnover rules.
import type { Waiting } from "./arrival.js";

const byArrival = <T extends Waiting>(a: T, b: T) => a.arrivedAt - b.arrivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Those who may be grouped now: everyone but the `standbySize` most recent arrivals, who stay in the lobby as
 * standby for dropped seats. Earlier arrivals are grouped first, so nobody waits longer for being early.
 */
export function groupable<T extends Waiting>(waiting: readonly T[], standbySize: number): T[] {
  const ordered = [...waiting].sort(byArrival);
  return ordered.slice(0, Math.max(0, ordered.length - Math.max(0, standbySize)));
}

/** The participant to move into a dropped seat: the one who has waited longest; null when nobody waits. */
export function pickStandby<T extends Waiting>(waiting: readonly T[]): T | null {
  return [...waiting].sort(byArrival)[0] ?? null;
}

/** Where a departing participant was, and how they left: finishing (paid) or returning the task (dropping). */
export type Queue = "waiting" | "active";
export type Departure = "finished" | "returned";

export interface Turnover {
  /** Places to open on the recruitment platform. */
  recruit: number;
  /** Move someone from the waiting queue into the departed seat. */
  backfill: boolean;
}

/**
 * Pavilion's turnover rules: (1) a waiting participant who finishes is replaced by recruiting one more; (2) an active
 * participant who finishes frees a place for the waiting queue, which recruits one more; (3) an active participant
 * who returns the task is replaced from the waiting queue; (4) a waiting participant who returns needs no action.
 */
export function turnover(queue: Queue, how: Departure): Turnover {
  if (queue === "waiting") return { recruit: how === "finished" ? 1 : 0, backfill: false };
  return how === "finished" ? { recruit: 1, backfill: false } : { recruit: 0, backfill: true };
}
