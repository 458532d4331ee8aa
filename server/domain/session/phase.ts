// The round/stage machine of one group: step(phase, event, now) → { phase, effects }. Pure; the room runs the effects.

export type Stage = "decision" | "results" | "finished";

/** Where a group is: round (1-based), stage, and when the stage ends (epoch ms; null once finished). */
export interface Phase {
  readonly round: number;
  readonly stage: Stage;
  readonly deadline: number | null;
}

/** Timing of the game, from the experiment file. */
export interface Timing {
  rounds: number;
  decisionMs: number;
  resultsMs: number;
}

export type PhaseEvent =
  /** Every member has locked a decision before the deadline. */
  | { type: "allDecided" }
  /** Every member asked to continue from the results. */
  | { type: "allReady" }
  /** A stage deadline timer fired. */
  | { type: "deadline" }
  /** The dropout policy ended the group: pay out now, from any stage. */
  | { type: "abort" };

export type Effect =
  /** Lock the last live value of everyone who has not decided, flagged as a timeout. */
  | { type: "applyTimeouts"; round: number }
  /** Compute and store payoffs of the round, then show them. */
  | { type: "settleRound"; round: number }
  /** Reset per-round decisions for a new round. */
  | { type: "openRound"; round: number }
  /** Pay out and release everyone to the completion page. */
  | { type: "finish" };

export interface Step {
  phase: Phase;
  effects: Effect[];
}

/**
 * The phase a group starts in: the decision stage of `firstRound` (1 unless the group re-forms between rounds and
 * this room plays a later span; `timing.rounds` is then the last round it plays).
 */
export function initialPhase(timing: Timing, now: number, firstRound = 1): Step {
  return { phase: { round: firstRound, stage: "decision", deadline: now + timing.decisionMs }, effects: [{ type: "openRound", round: firstRound }] };
}

/**
 * Applies one event. Events that do not fit the stage (a deadline that fired after everyone decided,
 * a "ready" during a decision) change nothing and return no effects.
 */
export function step(phase: Phase, event: PhaseEvent, timing: Timing, now: number): Step {
  const same: Step = { phase, effects: [] };
  if (event.type === "abort") {
    return phase.stage === "finished" ? same : { phase: { round: phase.round, stage: "finished", deadline: null }, effects: [{ type: "finish" }] };
  }
  if (phase.stage === "decision") {
    if (event.type === "deadline" && phase.deadline !== null && now < phase.deadline) return same;
    if (event.type === "deadline" || event.type === "allDecided") {
      const effects: Effect[] = event.type === "deadline" ? [{ type: "applyTimeouts", round: phase.round }] : [];
      effects.push({ type: "settleRound", round: phase.round });
      return { phase: { round: phase.round, stage: "results", deadline: now + timing.resultsMs }, effects };
    }
    return same;
  }
  if (phase.stage === "results") {
    if (event.type === "deadline" && phase.deadline !== null && now < phase.deadline) return same;
    if (event.type === "deadline" || event.type === "allReady") {
      if (phase.round >= timing.rounds) {
        return { phase: { round: phase.round, stage: "finished", deadline: null }, effects: [{ type: "finish" }] };
      }
      const round = phase.round + 1;
      return {
        phase: { round, stage: "decision", deadline: now + timing.decisionMs },
        effects: [{ type: "openRound", round }],
      };
    }
    return same;
  }
  return same;
}
