// Arrival-time grouping: the first G waiting participants, in order of arrival, form a group.

/** A participant waiting in the lobby. */
export interface Waiting {
  id: string;
  /** When they entered the lobby (epoch ms). Kept across page reloads, so a reload never loses one's place. */
  arrivedAt: number;
  /** False while the lobby page is hidden or idle (another tab, window minimised): not grouped. Default true. */
  active?: boolean;
  /** Attributes quotas read, e.g. { gender: "F" } (see groupWaiting). Default: none. */
  attributes?: Readonly<Record<string, string>>;
  /** Treatment assigned at entry: groups form within one treatment only. Default: one pool for all. */
  treatment?: string;
}

export interface LobbyDecision {
  /** Groups to form now, each in seat order (earliest arrival first). */
  groups: string[][];
  /** Participants whose wait passed the limit: they leave with the "no match" code. */
  expired: string[];
}

/** Earliest arrival first; ties broken by id, so positions shown in the lobby match the seats given. */
export const byArrival = (a: Waiting, b: Waiting): number => a.arrivedAt - b.arrivedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);

/**
 * Decides the lobby's next moves from the waiting list alone: first releases everyone who has waited past
 * `maxWaitMs`, then groups the rest by arrival time, G at a time. Leftovers keep waiting.
 */
export function groupByArrival(waiting: readonly Waiting[], groupSize: number, maxWaitMs: number, now: number): LobbyDecision {
  const ordered = [...waiting].sort(byArrival);
  const expired = ordered.filter((w) => now - w.arrivedAt >= maxWaitMs).map((w) => w.id);
  const gone = new Set(expired);
  const eligible = ordered.filter((w) => !gone.has(w.id));
  const groups: string[][] = [];
  for (let i = 0; i + groupSize <= eligible.length; i += groupSize) {
    groups.push(eligible.slice(i, i + groupSize).map((w) => w.id));
  }
  return { groups, expired };
}

/** Position (1-based) of `id` in the queue and how many more are needed to complete its group. */
export function queuePosition(waiting: readonly Waiting[], id: string, groupSize: number): { position: number; needed: number } {
  const ordered = [...waiting].sort(byArrival);
  const index = ordered.findIndex((w) => w.id === id);
  const position = index + 1;
  const inLastGroup = ordered.length % groupSize;
  return { position, needed: inLastGroup === 0 ? 0 : groupSize - inLastGroup };
}
