// The public-goods game: parameters with their bounds, decision rule, payoff rule, stage sequence.
import { z } from "zod";
import { CohortError } from "../errors.js";

// ── Parameters ────────────────────────────────────────────────────────────────────────────────────
/** Parameters of a linear public-goods game, as written in the experiment file. */
export const publicGoodsParams = z
  .object({
    type: z.literal("publicGoods"),
    /** Points each participant receives every round. Default 20. */
    endowment: z.number().int().min(1).max(10_000).default(20),
    /** The common pot is multiplied by this and shared equally. Default 1.6 (MPCR 0.4 in groups of 4). */
    multiplier: z.number().gt(0).max(100).default(1.6),
    /** Participants per group. Default 4. */
    groupSize: z.number().int().min(2).max(32).default(4),
    /** Rounds played by each group. Default 3. */
    rounds: z.number().int().min(1).max(200).default(3),
    /** When true, every slider move reaches the whole group at once (live contributions). Default true. */
    live: z.boolean().default(true),
    /** Contribution shown before a participant moves, and locked if they never act before the deadline. Default 0. */
    defaultContribution: z.number().int().min(0).default(0),
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.defaultContribution > p.endowment) {
      ctx.addIssue({
        code: "custom",
        path: ["defaultContribution"],
        message: `defaultContribution (${p.defaultContribution}) is above the endowment (${p.endowment}); set it between 0 and ${p.endowment}.`,
      });
    }
  });

export type PublicGoodsParams = z.output<typeof publicGoodsParams>;

// ── Decisions ─────────────────────────────────────────────────────────────────────────────────────
/** Throws `contribution_out_of_range` unless `value` is a whole number in [0, endowment]. */
export function checkContribution(params: PublicGoodsParams, value: number): number {
  if (!Number.isInteger(value) || value < 0 || value > params.endowment) {
    throw new CohortError(
      "contribution_out_of_range",
      `${String(value)} is not a whole number in [0, ${params.endowment}].`,
    );
  }
  return value;
}

// ── Payoffs ───────────────────────────────────────────────────────────────────────────────────────
export interface RoundOutcome {
  total: number;
  /** Each member's share of the multiplied pot. */
  share: number;
  /** Payoffs in the order of the contributions given. */
  payoffs: number[];
}

/**
 * Payoff = endowment − own contribution + multiplier × group total / n, where n is the number of
 * members who decided this round (the group size, or fewer when a smaller group continues).
 * Rounded to 1/100 of a point so stored and exported figures agree exactly.
 */
export function settleRound(params: PublicGoodsParams, contributions: readonly number[]): RoundOutcome {
  const n = contributions.length;
  const total = contributions.reduce((a, b) => a + b, 0);
  const share = n === 0 ? 0 : round2((params.multiplier * total) / n);
  return { total, share, payoffs: contributions.map((c) => round2(params.endowment - c + share)) };
}

/** A seat at settlement: its locked value (null when a missed deadline locked nothing) and whether it still plays. */
export interface SeatDecision {
  value: number | null;
  /** false for a seat closed when the group continued smaller: it gets no payoff row at all. */
  open: boolean;
}

/**
 * Settles a round over seats: open seats with a value share the pot (n = their number); an open seat without a
 * value earns 0 this round; closed seats are left out (payoff null).
 */
export function settleSeats(params: PublicGoodsParams, seats: readonly SeatDecision[]): { total: number; share: number; n: number; payoffs: Array<number | null> } {
  const deciding = seats.filter((s) => s.open && s.value !== null).map((s) => s.value as number);
  const outcome = settleRound(params, deciding);
  let k = 0;
  const payoffs = seats.map((s) => (!s.open ? null : s.value === null ? 0 : outcome.payoffs[k++]));
  return { total: outcome.total, share: outcome.share, n: deciding.length, payoffs };
}

/** Points are kept to 1/100, so stored, shown and exported figures agree exactly. */
export function roundPoints(x: number): number {
  return round2(x);
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

// ── Stage sequence ────────────────────────────────────────────────────────────────────────────────
/** Each round: a decision stage (contribute, live if switched on), then a results stage. */
export const STAGES = ["decision", "results"] as const;
export type GameStage = (typeof STAGES)[number];
