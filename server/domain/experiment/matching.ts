// The experiment file's `matching` and `treatments` sections, and the checks that span them and the game.
import { z } from "zod";
import { GROUP_RULES } from "../matching/rules.js";
import { maxPerfectStrangerRounds } from "../matching/schedule.js";

const name = z.string().regex(/^[A-Za-z0-9_.-]{1,64}$/, "use 1–64 letters, digits, '_', '-' or '.'");

export const quotasConfig = z
  .object({
    /** The participant attribute quotas read, e.g. "gender" (set at entry). */
    attribute: name,
    /** Members of each category in every group, e.g. { "M": 2, "F": 2 }; they must add up to game.groupSize. */
    counts: z.record(name, z.number().int().min(1).max(32)),
    /** Asked before the lobby when the entry link does not carry the attribute. Default "Please choose your <attribute>". */
    question: z.string().min(1).max(500).optional(),
    /** What participants read for each category, e.g. { "M": "Male", "F": "Female" }. Default: the category names. */
    labels: z.record(name, z.string().min(1).max(100)).optional(),
  })
  .strict();

/**
 * A named grouping rule (server/domain/matching/rules.ts) in place of first-come seating, reading one attribute
 * asked before the lobby like a quota's, e.g. { "name": "sameCategory", "attribute": "language", "categories": ["en", "de"] }.
 */
export const ruleConfig = z
  .object({
    /** A rule of server/domain/matching/rules.ts: "sameCategory" (groups share the value), "mixedCategories" (all differ), or one registered there. */
    name: z.enum(Object.keys(GROUP_RULES) as [string, ...string[]]),
    /** The participant attribute the rule reads, e.g. "language". */
    attribute: name,
    /** The values participants may have (the question's options, and what an entry link may carry). */
    categories: z.array(name).min(1).max(100),
    /** Asked before the lobby when the entry link does not carry the attribute. Default "Please choose your <attribute>". */
    question: z.string().min(1).max(500).optional(),
    /** What participants read for each category. Default: the category names. */
    labels: z.record(name, z.string().min(1).max(100)).optional(),
  })
  .strict();

/** Participants collected before play starts; every cohort mode needs it. At most 1000 (search cost). */
const cohortSize = z.number().int().min(2).max(1000);
/** Keep each participant's seat (id in group, role) from round 1 in every round. Default false. */
const preserveRoles = z.boolean().default(false);

/** How participants are grouped and re-grouped, told apart by `mode`. Default `{ "mode": "arrival" }`. */
export const matchingConfig = z.discriminatedUnion("mode", [
  /** Groups form in the lobby as participants arrive and stay together for every round (today's behaviour). */
  z.object({ mode: z.literal("arrival"), quotas: quotasConfig.optional(), rule: ruleConfig.optional() }).strict(),
  /** A cohort is collected, split at random into groups that stay together for every round. */
  z.object({ mode: z.literal("partner"), cohortSize }).strict(),
  /** A cohort is collected; new random groups every round (pairs may meet again). */
  z.object({ mode: z.literal("randomStrangers"), cohortSize, preserveRoles }).strict(),
  /** A cohort is collected; no two participants ever share a group twice. */
  z.object({ mode: z.literal("perfectStrangers"), cohortSize, preserveRoles }).strict(),
  /** A cohort is collected; groups per round as written: matrix[round][group] = 1-based positions in seat order. */
  z.object({ mode: z.literal("matrix"), cohortSize, matrix: z.array(z.array(z.array(z.number().int().min(1)))).min(1) }).strict(),
  /** Participants return to the lobby after each round and are grouped with people they have never met. */
  z
    .object({
      mode: z.literal("rollingStrangers"),
      /** After lobby.maxWaitSeconds without a group of strangers: "wait" on, "remeet" (flagged) or "release". Default "release". */
      fallback: z.enum(["wait", "remeet", "release"]).default("release"),
      quotas: quotasConfig.optional(),
    })
    .strict(),
]);

export const treatmentsConfig = z
  .object({
    /** "entry": on entering the lobby; "group": when a group forms (all members share it). Default "entry". */
    assignAt: z.enum(["entry", "group"]).default("entry"),
    list: z
      .array(
        z
          .object({
            name,
            /** Game parameters this treatment changes, e.g. { "multiplier": 2 }; the rest come from `game`. */
            params: z.record(z.string(), z.union([z.number(), z.boolean()])).default({}),
          })
          .strict(),
      )
      .min(1),
  })
  .strict();

export type MatchingConfig = z.output<typeof matchingConfig>;

/** The attribute the matching reads and asks before the lobby when the entry link does not carry it. */
export interface AskedAttribute {
  attribute: string;
  categories: string[];
  question?: string;
  labels?: Record<string, string>;
}

/** The attribute quotas or a grouping rule read, or undefined when grouping reads none. */
export function askedAttribute(m: MatchingConfig): AskedAttribute | undefined {
  if ("quotas" in m && m.quotas) return { ...m.quotas, categories: Object.keys(m.quotas.counts) };
  if ("rule" in m && m.rule) return m.rule;
  return undefined;
}
export type TreatmentsConfig = z.output<typeof treatmentsConfig>;

/** The game as treatment `name` plays it: `game` with that treatment's params over it; `game` itself for none. */
export function treatmentGame<G extends object>(game: G, treatments: TreatmentsConfig | undefined, name: string | undefined): G {
  const arm = treatments?.list.find((t) => t.name === name);
  // The checker validated the merged parameters with the game's own schema, so the result is a valid game.
  return arm ? ({ ...game, ...arm.params } as G) : game;
}

/** Game fields every treatment shares: the matching depends on them. */
const SHARED = ["type", "groupSize", "rounds"];

interface Whole {
  game: { groupSize: number; rounds: number };
  capacity: number;
  matching: MatchingConfig;
  treatments?: TreatmentsConfig;
}

/**
 * Checks across sections, reported like any other problem: quotas against the group size, the cohort against
 * capacity, perfect-stranger rounds against what the engine can build, the matrix's shape, treatment parameters.
 * `game` is the game schema, passed in so this module does not import the file schema that imports it.
 */
export function checkMatching(x: Whole, ctx: z.RefinementCtx, game: z.ZodType): void {
  // Zod runs this even when other fields failed; skip what cannot be read rather than report it twice.
  if (typeof x?.game?.groupSize !== "number" || typeof x.game.rounds !== "number" || !x.matching) return;
  const issue = (path: (string | number)[], message: string): void => ctx.addIssue({ code: "custom", path, message });
  const g = x.game.groupSize;
  const m = x.matching;

  if ((m.mode === "arrival" || m.mode === "rollingStrangers") && m.quotas) {
    const sum = Object.values(m.quotas.counts).reduce((a, b) => a + b, 0);
    if (sum !== g) issue(["matching", "quotas", "counts"], `the quotas add up to ${sum} but game.groupSize is ${g}; make them add up to ${g}.`);
  }
  if (m.mode === "arrival" && m.rule) {
    const r = m.rule;
    if (m.quotas) issue(["matching", "rule"], `a grouping rule replaces the quotas; keep one of "rule" and "quotas".`);
    if (new Set(r.categories).size !== r.categories.length) issue(["matching", "rule", "categories"], "lists a category twice; list each once.");
    if (r.name === "mixedCategories" && r.categories.length < g) {
      issue(["matching", "rule", "categories"], `mixedCategories seats ${g} different categories per group but only ${r.categories.length} are listed; list at least ${g}.`);
    }
  }
  if ("cohortSize" in m) {
    const n = m.cohortSize;
    if (n < g) issue(["matching", "cohortSize"], `a cohort of ${n} cannot fill one group of ${g}; raise cohortSize to at least ${g}.`);
    else if (n > x.capacity) issue(["matching", "cohortSize"], `a cohort of ${n} is more than the session's capacity (${x.capacity}); lower it or raise capacity.`);
    const roles = "preserveRoles" in m && m.preserveRoles;
    if ((m.mode === "partner" || roles) && n % g !== 0) {
      issue(["matching", "cohortSize"], `${m.mode === "partner" ? "fixed partners" : "preserveRoles"} needs a cohort that divides into groups of ${g}; use ${Math.floor(n / g) * g || g} or ${(Math.floor(n / g) + 1) * g}.`);
    } else if (m.mode === "perfectStrangers" && n >= g) {
      const max = maxPerfectStrangerRounds(n, g, { preserveRoles: roles });
      if (x.game.rounds > max) {
        issue(["game", "rounds"], `perfect strangers: a cohort of ${n} in groups of ${g}${roles ? " keeping roles" : ""} allows at most ${max} round(s) in which nobody meets anyone twice; lower game.rounds to ${max} or enlarge the cohort.`);
      }
    }
    if (m.mode === "matrix") checkMatrix(m.matrix, n, g, x.game.rounds, issue);
  }
  const t = x.treatments;
  if (!t) return;
  if (t.assignAt === "group" && (m.mode === "randomStrangers" || m.mode === "perfectStrangers" || m.mode === "matrix" || m.mode === "rollingStrangers")) {
    issue(["treatments", "assignAt"], `groups change every round under ${m.mode}, so a treatment cannot follow the group; use "entry".`);
  }
  const seen = new Set<string>();
  t.list.forEach((arm, i) => {
    if (seen.has(arm.name)) issue(["treatments", "list", i, "name"], `"${arm.name}" is used twice; give each treatment its own name.`);
    seen.add(arm.name);
    for (const key of SHARED) if (key in arm.params) issue(["treatments", "list", i, "params", key], `every treatment shares game.${key}; remove it here.`);
    const merged = game.safeParse({ ...x.game, ...arm.params });
    if (!merged.success) for (const e of merged.error.issues) issue(["treatments", "list", i, "params", ...e.path.map((p) => (typeof p === "symbol" ? String(p) : p))], e.message);
  });
}

function checkMatrix(matrix: number[][][], n: number, g: number, rounds: number, issue: (path: (string | number)[], message: string) => void): void {
  if (matrix.length !== rounds) issue(["matching", "matrix"], `has ${matrix.length} round(s) but game.rounds is ${rounds}; give one list of groups per round.`);
  matrix.forEach((round, r) => {
    const seen = new Set<number>();
    round.forEach((group, j) => {
      if (group.length !== g) issue(["matching", "matrix", r, j], `has ${group.length} member(s); every group has game.groupSize = ${g}.`);
      for (const pos of group) {
        if (pos > n) issue(["matching", "matrix", r, j], `position ${pos} is beyond the cohort (1–${n}).`);
        else if (seen.has(pos)) issue(["matching", "matrix", r, j], `position ${pos} is listed twice in round ${r + 1}; seat everyone at most once per round.`);
        seen.add(pos);
      }
    });
  });
}
