// Rolling strangers: the lobby groups active waiting participants who have never met, with a declared fallback.
import { byArrival, type LobbyDecision, type Waiting } from "./arrival.js";
import { categoryOf, findGroup, type Quotas } from "./groupSearch.js";
import { hasMet, meeting, recordGroups, remeetingsIn, type MetPairs, type Remeeting } from "./metPairs.js";
import { poolsByTreatment } from "./quotas.js";

/**
 * What happens to someone who has waited `maxWaitMs` without a group of strangers:
 * - `wait`: they keep waiting for strangers, past the limit (until the lobby closes);
 * - `remeet`: they are grouped at once with those they met least recently, and the re-meetings are flagged;
 *   when fewer than a group's worth are waiting at all, they are released instead;
 * - `release`: they leave with the "no match" code, as in arrival mode.
 */
export type Fallback = "wait" | "remeet" | "release";

export interface RollingOptions {
  groupSize: number;
  /** How long (ms) someone waits for strangers before the fallback applies, counted from `arrivedAt`. */
  maxWaitMs: number;
  /** Default "release", so nobody waits longer than the lobby's limit unless the file says so. */
  fallback?: Fallback;
  /** Category quotas every group fills. Default: none. */
  quotas?: Quotas;
}

export interface RollingDecision extends LobbyDecision {
  /** Re-meetings the `remeet` fallback allowed, by index into `groups`; empty under `wait` and `release`. */
  remeetings: Array<{ group: number; pairs: Remeeting[] }>;
  /** The record with this decision's groups counted as met at `now`: store it before announcing the groups. */
  met: MetPairs;
  /** Active participants no group can take: their quota attribute is missing or unlisted. */
  unplaceable: string[];
}

/**
 * Forms, within each treatment, as many groups of participants who have never met as it can, earliest arrivals
 * first (each group is the first valid one in arrival order). Inactive participants are skipped. Then the
 * fallback applies to those still waiting at or past the limit. Participants returning between rounds come back
 * with a new `arrivedAt`, so the wait limit counts from their return.
 */
export function groupRollingStrangers(waiting: readonly Waiting[], met: MetPairs, options: RollingOptions, now: number): RollingDecision {
  const { groupSize, quotas } = options;
  const fallback = options.fallback ?? "release";
  const ordered = [...waiting].sort(byArrival);
  const active = ordered.filter((w) => w.active !== false);
  const unplaceable = quotas ? active.filter((w) => categoryOf(w, quotas) === undefined).map((w) => w.id) : [];
  const strangers = (a: Waiting, b: Waiting): boolean => !hasMet(met, a.id, b.id);
  const groups: string[][] = [];
  const remeetings: RollingDecision["remeetings"] = [];
  const expired: string[] = [];
  const seated = new Set<string>();
  const overdue = (w: Waiting): boolean => now - w.arrivedAt >= options.maxWaitMs;
  for (const pool of poolsByTreatment(active)) {
    let rest = pool;
    const seat = (group: readonly Waiting[]): void => {
      groups.push(group.map((w) => w.id).sort((a, b) => rest.findIndex((w) => w.id === a) - rest.findIndex((w) => w.id === b)));
      for (const w of group) seated.add(w.id);
      rest = rest.filter((w) => !seated.has(w.id));
    };
    for (let group = findGroup(rest, groupSize, { quotas, fits: strangers }); group; group = findGroup(rest, groupSize, { quotas, fits: strangers })) seat(group);
    if (fallback !== "remeet") continue;
    for (const late of rest.filter(overdue)) {
      if (seated.has(late.id)) continue;
      const group = leastRecentGroup(late, rest, groupSize, met, quotas);
      if (!group) continue; // released below
      seat(group);
      remeetings.push({ group: groups.length - 1, pairs: remeetingsIn(met, groups[groups.length - 1]) });
    }
  }
  // Release: everyone overdue and unseated (under `remeet`, those no group could take); inactive ones too.
  if (fallback !== "wait") for (const w of ordered) if (!seated.has(w.id) && overdue(w)) expired.push(w.id);
  return { groups, expired, remeetings, met: recordGroups(met, groups, now), unplaceable };
}

/**
 * A group for `late` among `pool`, allowing re-meetings: members are added one at a time, each the candidate who
 * brings the fewest re-met pairs, then whose re-met pairs met longest ago, then the earliest arrival. Greedy, so
 * not always the least re-meeting group possible, but quick and predictable. Null when quotas or numbers fall short.
 */
function leastRecentGroup(late: Waiting, pool: readonly Waiting[], size: number, met: MetPairs, quotas?: Quotas): Waiting[] | null {
  const need: Record<string, number> = quotas ? { ...quotas.counts } : { "": size };
  const cat = (w: Waiting): string | undefined => (quotas ? categoryOf(w, quotas) : "");
  const first = cat(late);
  if (first === undefined || !need[first]) return null;
  need[first]--;
  const group = [late];
  while (group.length < size) {
    let best: { w: Waiting; repeats: number; latest: number } | undefined;
    for (const w of pool) {
      const c = cat(w);
      if (group.includes(w) || c === undefined || !need[c]) continue;
      const lasts = group.map((m) => meeting(met, m.id, w.id)?.last).filter((x): x is number => x !== undefined);
      const cand = { w, repeats: lasts.length, latest: Math.max(-Infinity, ...lasts) };
      if (!best || cand.repeats < best.repeats || (cand.repeats === best.repeats && cand.latest < best.latest)) best = cand;
    }
    if (!best) return null;
    need[cat(best.w)!]--;
    group.push(best.w);
  }
  return group;
}
