// The experiment file: one zod schema for everything a researcher configures, validated then frozen.
import { z } from "zod";
import { publicGoodsParams } from "../games/publicGoods.js";
import { checkMatching, matchingConfig, treatmentsConfig } from "./matching.js";
import { DEFAULT_DROPOUT, dropoutPolicy } from "../session/dropout.js";

/** The games Cohort can run, told apart by `type`. */
export const gameConfig = z.discriminatedUnion("type", [publicGoodsParams]);

const seconds = (max: number) => z.number().int().min(1).max(max);

export const experimentConfig = z
  .object({
    /** Shown to researchers on the admin page and in exports. */
    name: z.string().min(1).max(200),
    game: gameConfig,
    stages: z
      .object({
        /** How long participants have to decide each round. Default 60 s. */
        decisionSeconds: seconds(3600).default(60),
        /** How long the round's results stay on screen (everyone clicking "continue" ends it early). Default 15 s. */
        resultsSeconds: seconds(3600).default(15),
      })
      .strict()
      .default({ decisionSeconds: 60, resultsSeconds: 15 }),
    lobby: z
      .object({
        /** A participant who waits longer than this for a group leaves with the "no match" code. Default 300 s. */
        maxWaitSeconds: seconds(24 * 3600).default(300),
        /** After this long a waiting participant may choose to leave with pay (and the no-match code). Unset: never. */
        leaveAllowedAfterSeconds: seconds(24 * 3600).optional(),
        /** A waiting page hidden (another tab, minimised) for longer than this is inactive: not grouped until back. Default 15 s. */
        inactiveAfterSeconds: seconds(3600).default(15),
      })
      .strict()
      .default({ maxWaitSeconds: 300, inactiveAfterSeconds: 15 }),
    /** Standby pool (Pavilion): participants kept waiting to backfill dropped seats, and recruitment requests. */
    standby: z
      .object({
        /** How many of the latest arrivals the lobby keeps waiting as standby instead of grouping them. Default 0. */
        size: z.number().int().min(0).max(1000).default(0),
        /** Each recruitment request is also POSTed here as JSON (for the recruitment platform's side). */
        webhookUrl: z.string().url().refine((u) => /^https?:\/\//.test(u), "use an http(s) URL").optional(),
      })
      .strict()
      .default({ size: 0 }),
    /** Reconnection grace, deadline defaults and the pipeline applied when a participant is gone (see docs). */
    dropout: dropoutPolicy.default(DEFAULT_DROPOUT),
    /** How participants are grouped and re-grouped between rounds (see docs/matching.md). Default: by arrival, fixed groups. */
    matching: matchingConfig.default({ mode: "arrival" }),
    /** Treatments, assigned to the least-filled one with seeded tie-breaks. Default: none (everyone plays `game`). */
    treatments: treatmentsConfig.optional(),
    /** Most participants admitted to one session. Default 100. */
    capacity: z.number().int().min(1).max(100_000).default(100),
    consent: z
      .object({
        title: z.string().min(1).default("Consent to take part"),
        /** Plain text; blank lines separate paragraphs. */
        text: z.string().min(1),
      })
      .strict(),
    completion: z
      .object({
        /** Where participants go at the end; `{code}` is replaced by their completion code. */
        url: z.string().url().refine((u) => /^https?:\/\//.test(u), "use an http(s) URL"),
        codes: z
          .object({
            completed: z.string().min(1).max(64),
            noMatch: z.string().min(1).max(64),
            /** The group ended because of a dropout; these participants are paid what they earned. Default: `completed`. */
            groupEnded: z.string().min(1).max(64).optional(),
            /** Removed after dropping out or missing too many deadlines. Default: `noMatch`. */
            removed: z.string().min(1).max(64).optional(),
          })
          .strict(),
      })
      .strict(),
    payment: z
      .object({
        /** ISO 4217 code, e.g. GBP, USD, EUR. */
        currency: z.string().regex(/^[A-Z]{3}$/, "use a three-letter currency code such as GBP"),
        /** Money per point earned. */
        perPoint: z.number().min(0).max(1000),
        /** Paid to everyone who takes part, matched or not. */
        participationFee: z.number().min(0).max(10_000).default(0),
        /** Paid per minute spent waiting for a group (standby included). Default 0. */
        waitingBonusPerMinute: z.number().min(0).max(100).default(0),
      })
      .strict(),
  })
  .strict()
  .superRefine((x, ctx) => checkMatching(x, ctx, gameConfig));

export type ExperimentConfig = z.output<typeof experimentConfig>;
/** What a researcher may write: defaults filled in by validation. */
export type ExperimentInput = z.input<typeof experimentConfig>;
