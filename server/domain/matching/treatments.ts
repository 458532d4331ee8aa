// Balanced treatment assignment: always to the least-filled treatment, ties broken by the session's seeded Rng.
import type { Rng } from "../rng.js";

/** Participants assigned so far, per treatment name. Plain data: the store keeps it with the session. */
export type TreatmentCounts = Readonly<Record<string, number>>;

/** One assignment, as stored and exported: who (a participant, or a group's members) got which treatment. */
export interface TreatmentAssignment {
  treatment: string;
  members: string[];
  /** The counts the choice was made from, so the export shows why (least filled, or a tie broken by the Rng). */
  before: Record<string, number>;
  tie: boolean;
}

/**
 * The treatment with the fewest participants so far; among equals, one drawn by `rng` (one draw per assignment,
 * even without a tie, so the sequence of draws — and every later assignment — depends on the seed alone).
 * Treatments absent from `counts` count as 0. Throws on an empty list: the checker refuses such files.
 */
export function leastFilled(treatments: readonly string[], counts: TreatmentCounts, rng: Rng): { treatment: string; tie: boolean } {
  if (treatments.length === 0) throw new Error("no treatments to assign; declare at least one in the experiment file");
  const filled = (t: string): number => (Object.hasOwn(counts, t) ? counts[t] : 0);
  const least = Math.min(...treatments.map(filled));
  const tied = treatments.filter((t) => filled(t) === least);
  const pick = rng.int(0, tied.length - 1);
  return { treatment: tied[pick], tie: tied.length > 1 };
}

/** Assigns one participant at entry; returns the assignment and the counts after it. */
export function assignAtEntry(id: string, treatments: readonly string[], counts: TreatmentCounts, rng: Rng): { assignment: TreatmentAssignment; counts: Record<string, number> } {
  return assign([id], treatments, counts, rng);
}

/**
 * Assigns each newly formed group (in the order given) a treatment for all its members, counting participants, so
 * groups of unequal size (a short group) still balance participants rather than groups.
 */
export function assignGroups(groups: readonly (readonly string[])[], treatments: readonly string[], counts: TreatmentCounts, rng: Rng): { assignments: TreatmentAssignment[]; counts: Record<string, number> } {
  const assignments: TreatmentAssignment[] = [];
  let now: Record<string, number> = { ...counts };
  for (const group of groups) {
    const r = assign(group, treatments, now, rng);
    assignments.push(r.assignment);
    now = r.counts;
  }
  return { assignments, counts: now };
}

function assign(members: readonly string[], treatments: readonly string[], counts: TreatmentCounts, rng: Rng): { assignment: TreatmentAssignment; counts: Record<string, number> } {
  const before = Object.fromEntries(treatments.map((t) => [t, Object.hasOwn(counts, t) ? counts[t] : 0]));
  const { treatment, tie } = leastFilled(treatments, before, rng);
  return {
    assignment: { treatment, members: [...members], before, tie },
    counts: { ...before, [treatment]: before[treatment] + members.length },
  };
}
