// Which groups of a cohort's stored plan can start now, from who is back in the lobby and how long they have waited.

/** A cohort member as the lobby sees them. */
export interface CohortMember {
  id: string;
  /** Rounds behind them, played or sat out. */
  roundsPlayed: number;
  /** Finished, removed or ended: no longer expected in any group. */
  done: boolean;
  /** In the lobby now, since this time (epoch ms); null when not in the lobby. */
  waitingSince: number | null;
}

/** One round of the plan: groups in seat order, and who sits out. */
export interface PlannedRound {
  groups: string[][];
  byes: string[];
}

export interface CohortStep {
  /** Groups to start now, each with the round it plays and whether it is short of a missing member. */
  start: Array<{ round: number; members: string[]; short: boolean }>;
  /** Members who sit out a round now (their rounds move on; they wait for the next). */
  byes: Array<{ id: string; round: number }>;
}

/**
 * For each member waiting for round r (r − 1 rounds behind them): starts their planned group of round r once every
 * member still expected is back, or with those who are back once the first of them has waited `regroupWaitMs`
 * (flagged short); a lone member left of a group sits the round out. Byes of round r move on at once. Groups of
 * later rounds wait for their rounds.
 */
export function cohortStep(rounds: readonly PlannedRound[], members: ReadonlyMap<string, CohortMember>, now: number, regroupWaitMs: number): CohortStep {
  const step: CohortStep = { start: [], byes: [] };
  const ready = (m: CohortMember | undefined, round: number) => !!m && !m.done && m.waitingSince !== null && m.roundsPlayed === round - 1;
  rounds.forEach((plan, i) => {
    const round = i + 1;
    for (const id of plan.byes) if (ready(members.get(id), round)) step.byes.push({ id, round });
    for (const group of plan.groups) {
      const expected = group.filter((id) => !members.get(id)?.done);
      const here = expected.filter((id) => ready(members.get(id), round));
      if (here.length === 0) continue;
      const firstBack = Math.min(...here.map((id) => members.get(id)!.waitingSince!));
      if (here.length < expected.length && now - firstBack < regroupWaitMs) continue;
      // Nobody plays a group game alone: a lone member of a short group sits the round out instead.
      if (here.length === 1 && group.length > 1) step.byes.push({ id: here[0], round });
      else step.start.push({ round, members: here, short: here.length < group.length });
    }
  });
  return step;
}
