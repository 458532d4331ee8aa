// How a participant's participation ended, and the completion code each ending gets.
import type { ExperimentConfig } from "./experiment/schema.js";

/** The endings that pay out and redirect to the platform. */
export const OUTCOMES = ["completed", "no_match", "group_ended", "removed"] as const;
export type OutcomeKind = (typeof OUTCOMES)[number];

export const isOutcome = (status: string): status is OutcomeKind => (OUTCOMES as readonly string[]).includes(status);

/** The completion code of an ending; `groupEnded` falls back to `completed` and `removed` to `noMatch`. */
export function completionCode(experiment: ExperimentConfig, kind: OutcomeKind): string {
  const c = experiment.completion.codes;
  if (kind === "completed") return c.completed;
  if (kind === "group_ended") return c.groupEnded ?? c.completed;
  if (kind === "removed") return c.removed ?? c.noMatch;
  return c.noMatch;
}
