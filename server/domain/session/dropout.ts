// Dropout policy: what happens to a seat whose participant is gone, and what a bot decides. Pure functions.
import { z } from "zod";
import type { Rng } from "../rng.js";

/** One step of the declared pipeline, tried in order until one applies. */
export const dropoutStep = z.discriminatedUnion("type", [
  z.object({
    type: z.literal("bot"),
    /** last: repeat the participant's last choice; groupMean: the others' mean last round; fixed: `value`; random: uniform in bounds. */
    strategy: z.enum(["last", "groupMean", "fixed", "random"]).default("last"),
    value: z.number().int().min(0).optional(),
  }).strict(),
  z.object({
    type: z.literal("continueSmaller"),
    /** The group continues without the seat only while at least this many participants remain. Default 2. */
    minSize: z.number().int().min(1).default(2),
  }).strict(),
  /** A participant waiting in the lobby (standby) takes the seat; applies only when someone is waiting. */
  z.object({ type: z.literal("standby") }).strict(),
  z.object({ type: z.literal("end") }).strict(),
]);

export const dropoutPolicy = z
  .object({
    /** Seconds a disconnected participant has to come back to the same seat. Default 30. */
    graceSeconds: z.number().int().min(0).max(3600).default(30),
    /** After this many decision deadlines missed in a row the participant counts as dropped (0: never). Default 2. */
    maxConsecutiveTimeouts: z.number().int().min(0).max(100).default(2),
    /** What a missed deadline locks: the last live value, `timeoutValue`, or nothing (no contribution, no payoff). Default last. */
    timeoutDefault: z.enum(["last", "fixed", "none"]).default("last"),
    timeoutValue: z.number().int().min(0).optional(),
    /** Tried in order when a participant is gone for good. Default: a bot repeating their last choice. */
    policy: z.array(dropoutStep).min(1).default([{ type: "bot", strategy: "last" }]),
  })
  .strict()
  .superRefine((d, ctx) => {
    if (d.timeoutDefault === "fixed" && d.timeoutValue === undefined) {
      ctx.addIssue({ code: "custom", path: ["timeoutValue"], message: 'timeoutDefault "fixed" needs timeoutValue; add it.' });
    }
    d.policy.forEach((s, i) => {
      if (s.type === "bot" && s.strategy === "fixed" && s.value === undefined) {
        ctx.addIssue({ code: "custom", path: ["policy", i, "value"], message: 'a bot with strategy "fixed" needs a value; add it.' });
      }
    });
  });

export type DropoutPolicy = z.output<typeof dropoutPolicy>;
export type DropoutStep = z.output<typeof dropoutStep>;

/** The default policy, as written out in full. */
export const DEFAULT_DROPOUT: DropoutPolicy = dropoutPolicy.parse({});

/** What to do with a seat whose participant is gone. */
export type Resolution = { kind: "bot"; strategy: DropoutStep & { type: "bot" } } | { kind: "standby" } | { kind: "continueSmaller" } | { kind: "end" };

/**
 * The first step of `policy` that applies when one of `remaining + 1` seated participants is gone (`remaining`
 * humans are left). A step that cannot apply (nobody on standby, a smaller group below its minimum) passes to the
 * next; a pipeline that runs out ends the group.
 */
export function resolveDropout(policy: DropoutPolicy, remaining: number, standbyAvailable = true): Resolution {
  for (const s of policy.policy) {
    if (s.type === "bot") return { kind: "bot", strategy: s };
    if (s.type === "standby" && standbyAvailable) return { kind: "standby" };
    if (s.type === "continueSmaller" && remaining >= s.minSize) return { kind: "continueSmaller" };
    if (s.type === "end") return { kind: "end" };
  }
  return { kind: "end" };
}

/** What a bot contributes, clamped to [0, endowment]. `lastOwn`/`othersMean` are null before any round settled. */
export function botContribution(
  step: DropoutStep & { type: "bot" },
  ctx: { lastOwn: number | null; othersMean: number | null; endowment: number },
  rng: Rng,
): number {
  const clamp = (v: number) => Math.min(ctx.endowment, Math.max(0, Math.round(v)));
  switch (step.strategy) {
    case "fixed":
      return clamp(step.value ?? 0);
    case "random":
      return rng.int(0, ctx.endowment);
    case "groupMean":
      return clamp(ctx.othersMean ?? ctx.lastOwn ?? ctx.endowment / 2);
    case "last":
      return clamp(ctx.lastOwn ?? ctx.othersMean ?? ctx.endowment / 2);
  }
}

/** The value a missed deadline locks, or null for "none". */
export function timeoutContribution(policy: DropoutPolicy, lastLive: number, endowment: number): number | null {
  if (policy.timeoutDefault === "none") return null;
  if (policy.timeoutDefault === "fixed") return Math.min(endowment, policy.timeoutValue ?? 0);
  return lastLive;
}
