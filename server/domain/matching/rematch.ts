// Re-matching a known cohort across rounds: partner, random strangers, perfect strangers or a fixed matrix.
import type { Rng } from "../rng.js";
import { perfectStrangerSchedule, type ScheduleMethod } from "./schedule.js";

export type RematchMode = "partner" | "randomStrangers" | "perfectStrangers" | "matrix";

export interface RematchOptions {
  mode: RematchMode;
  groupSize: number;
  rounds: number;
  /**
   * Keep each participant's seat (id in group, hence role) from round 1 in every round; every group then holds
   * one of each seat. Needs the cohort size to be a multiple of the group size. Default false.
   */
  preserveRoles?: boolean;
  /** For `matrix`: per round, groups of 1-based positions in `ids`; members listed in seat order. */
  matrix?: readonly (readonly (readonly number[])[])[];
  /** Perfect strangers' search budget (see ScheduleOptions.budget); leave unset outside tests. */
  budget?: number;
}

export interface RoundPlan {
  /** Groups in seat order (position i holds id-in-group i + 1). */
  groups: string[][];
  /** Sitting this round out because the cohort does not divide into groups (or the matrix leaves them out). */
  byes: string[];
}

export interface RematchPlan {
  rounds: RoundPlan[];
  /** Rounds the mode can deliver: `rounds` for all but perfect strangers, where it is the engine's maximum. */
  achievable: number;
  method: ScheduleMethod | RematchMode;
}

/**
 * Every round's groups for a cohort, decided at once from plain data and the session's Rng (so the plan can be
 * stored, exported and replayed). When the cohort does not divide by the group size, the leftovers sit out —
 * never a group of another size; random and perfect strangers rotate who sits out, so nobody sits out twice
 * before everyone has once. Partner and role-keeping modes need the cohort to divide evenly (the checker says so).
 */
export function planRounds(ids: readonly string[], options: RematchOptions, rng: Rng): RematchPlan {
  const { groupSize: g, rounds } = options;
  const n = ids.length;
  if (options.mode === "matrix") {
    const matrix = options.matrix ?? [];
    const plans = matrix.slice(0, rounds).map((round) => {
      const groups = round.map((grp) => grp.map((pos) => ids[pos - 1]));
      const seated = new Set(groups.flat());
      return { groups, byes: ids.filter((id) => !seated.has(id)) };
    });
    return { rounds: plans, achievable: Math.min(rounds, matrix.length), method: "matrix" };
  }
  // Round 1 is a random seating; it also fixes roles (seat i of group j) where they are kept.
  const first = rng.shuffle(ids);
  if (options.mode === "perfectStrangers") {
    const s = perfectStrangerSchedule(n, g, rounds, rng, { preserveRoles: options.preserveRoles, budget: options.budget });
    const plans = s.rounds.map((groups, r) => ({ groups: groups.map((grp) => grp.map((i) => first[i])), byes: s.byes[r].map((i) => first[i]) }));
    return { rounds: plans, achievable: s.achievable, method: s.method };
  }
  const k = Math.floor(n / g);
  const seatsOf = (order: readonly string[]): string[][] => Array.from({ length: k }, (_, j) => order.slice(j * g, j * g + g));
  const firstRound: RoundPlan = { groups: seatsOf(first), byes: first.slice(k * g) };
  const plans: RoundPlan[] = [firstRound];
  const byeCount = new Map(ids.map((id) => [id, 0]));
  for (const id of firstRound.byes) byeCount.set(id, 1);
  while (plans.length < rounds) {
    if (options.mode === "partner") {
      plans.push({ groups: firstRound.groups.map((grp) => [...grp]), byes: [...firstRound.byes] });
    } else if (options.preserveRoles) {
      // Shuffle each seat's holders separately, then seat them side by side: roles stay, groups change.
      const bySeat = Array.from({ length: g }, (_, s) => rng.shuffle(firstRound.groups.map((grp) => grp[s])));
      plans.push({ groups: Array.from({ length: k }, (_, j) => bySeat.map((holders) => holders[j])), byes: [] });
    } else {
      // Who sits out: those who have sat out least, ties drawn at random; the rest are seated at random.
      const order = rng.shuffle(ids).sort((a, b) => byeCount.get(a)! - byeCount.get(b)!);
      const byes = order.slice(0, n - k * g);
      for (const id of byes) byeCount.set(id, byeCount.get(id)! + 1);
      const out = new Set(byes);
      plans.push({ groups: seatsOf(rng.shuffle(ids.filter((id) => !out.has(id)))), byes });
    }
  }
  return { rounds: plans.slice(0, rounds), achievable: rounds, method: options.mode };
}

/**
 * A planned round as played by those present: absent members (dropouts) are taken out of their groups, which play
 * short and are listed in `short`; nobody is moved between groups mid-session, so the plan's guarantees (who meets
 * whom) still hold. Groups left with nobody are dropped.
 */
export function presentGroups(plan: RoundPlan, present: ReadonlySet<string>): { groups: string[][]; short: number[] } {
  const groups: string[][] = [];
  const short: number[] = [];
  for (const grp of plan.groups) {
    const here = grp.filter((id) => present.has(id));
    if (here.length === 0) continue;
    if (here.length < grp.length) short.push(groups.length);
    groups.push(here);
  }
  return { groups, short };
}
