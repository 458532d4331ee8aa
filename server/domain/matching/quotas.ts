// Arrival-time grouping with category quotas, active participants only, per treatment, or by a custom rule.
import { byArrival, type LobbyDecision, type Waiting } from "./arrival.js";
import { categoryOf, findGroup, type Quotas } from "./groupSearch.js";

export type { Quotas } from "./groupSearch.js";

/**
 * A custom grouping design (oTree's group_by_arrival_time_method): given the active waiting participants of one
 * pool in order of arrival, returns the ids of one group to form now, in seat order, or nothing to wait.
 * It is called again after each group it returns, so it can form several groups in one decision.
 */
export type GroupRule = (waiting: readonly Waiting[], groupSize: number) => readonly string[] | null | undefined;

export interface GroupingOptions {
  groupSize: number;
  /** Who has waited this long (ms) is released with the "no match" code, active or not. */
  maxWaitMs: number;
  /** Category quotas every group fills, e.g. { attribute: "gender", counts: { M: 2, F: 2 } }. Default: none. */
  quotas?: Quotas;
  /** A custom design; replaces the quotas and first-come seating. Default: none. */
  rule?: GroupRule;
}

export interface GroupingDecision extends LobbyDecision {
  /** Active, not expired, but no group can ever take them: their quota attribute is missing or unlisted. */
  unplaceable: string[];
}

/**
 * The lobby's next moves: release whoever waited `maxWaitMs` or longer, then group the active rest, each treatment
 * separately, earliest arrivals first — G at a time, or filling the quotas (the first arrivals of each
 * category), or as the custom rule decides. Inactive participants keep their place but are skipped until they are
 * back. With no quotas, rule or inactive participants the first G waiting, in order of arrival, form each group.
 */
export function groupWaiting(waiting: readonly Waiting[], options: GroupingOptions, now: number): GroupingDecision {
  const { groupSize, quotas, rule } = options;
  const ordered = [...waiting].sort(byArrival);
  const expired = ordered.filter((w) => now - w.arrivedAt >= options.maxWaitMs).map((w) => w.id);
  const gone = new Set(expired);
  const eligible = ordered.filter((w) => !gone.has(w.id) && w.active !== false);
  const unplaceable = !rule && quotas ? eligible.filter((w) => categoryOf(w, quotas) === undefined).map((w) => w.id) : [];
  const groups: string[][] = [];
  for (const pool of poolsByTreatment(eligible)) {
    let rest = pool;
    for (;;) {
      const group = rule ? checkRuleGroup(rule(rest, groupSize), rest, groupSize) : findGroup(rest, groupSize, { quotas })?.map((w) => w.id);
      if (!group) break;
      groups.push(group);
      const seated = new Set(group);
      rest = rest.filter((w) => !seated.has(w.id));
    }
  }
  return { groups, expired, unplaceable };
}

/** Participants split by treatment, each pool in arrival order, pools in order of their first arrival. */
export function poolsByTreatment(ordered: readonly Waiting[]): Waiting[][] {
  const pools = new Map<string | undefined, Waiting[]>();
  for (const w of ordered) {
    const pool = pools.get(w.treatment);
    if (pool) pool.push(w);
    else pools.set(w.treatment, [w]);
  }
  return [...pools.values()];
}

/** A custom rule's answer, checked: g distinct ids of participants it was given, or null for "wait". */
function checkRuleGroup(answer: readonly string[] | null | undefined, offered: readonly Waiting[], groupSize: number): string[] | null {
  if (!answer || answer.length === 0) return null;
  const ids = new Set(offered.map((w) => w.id));
  const distinct = new Set(answer);
  if (answer.length !== groupSize || distinct.size !== answer.length || !answer.every((id) => ids.has(id))) {
    throw new Error(
      `The grouping rule returned ${JSON.stringify(answer)}; return ${groupSize} distinct ids of the waiting participants it was given, or null to wait.`,
    );
  }
  return [...answer];
}
