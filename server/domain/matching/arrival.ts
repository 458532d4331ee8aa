// Who waits in the lobby, in what order, and where each stands in the queue (grouping itself: quotas.ts).

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

/** Position (1-based) of `id` in the queue and how many more are needed to complete its group. */
export function queuePosition(waiting: readonly Waiting[], id: string, groupSize: number): { position: number; needed: number } {
  const ordered = [...waiting].sort(byArrival);
  const index = ordered.findIndex((w) => w.id === id);
  const position = index + 1;
  const inLastGroup = ordered.length % groupSize;
  return { position, needed: inLastGroup === 0 ? 0 : groupSize - inLastGroup };
}
