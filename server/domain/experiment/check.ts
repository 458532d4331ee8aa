// Validates an experiment file and explains every problem with its path and a fix.
import type { z } from "zod";
import { experimentConfig, type ExperimentConfig } from "./schema.js";

export interface Problem {
  /** Dotted path to the offending field, e.g. `game.groupSize`; `(file)` for the whole file. */
  path: string;
  message: string;
}

export type CheckResult = { ok: true; config: Readonly<ExperimentConfig> } | { ok: false; problems: Problem[] };

/** Validates parsed JSON; on success returns the config with defaults filled in, deep-frozen. */
export function checkExperiment(input: unknown): CheckResult {
  // reportInput: zod 4 leaves `input` out of issues by default, and hint() needs it to tell a missing field from a wrong type.
  const parsed = experimentConfig.safeParse(input, { reportInput: true });
  if (parsed.success) return { ok: true, config: deepFreeze(parsed.data) };
  return { ok: false, problems: parsed.error.issues.map(describe) };
}

/** Parses and validates the text of a JSON experiment file. */
export function checkExperimentText(text: string): CheckResult {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [{ path: "(file)", message: `not valid JSON (${(e as Error).message}); fix the syntax.` }] };
  }
  return checkExperiment(json);
}

function describe(issue: z.core.$ZodIssue): Problem {
  const path = issue.path.length ? issue.path.map(String).join(".") : "(file)";
  return { path, message: hint(issue) };
}

function hint(issue: z.core.$ZodIssue): string {
  switch (issue.code) {
    case "invalid_type":
      return issue.input === undefined
        ? `is required (expected ${issue.expected}); add it.`
        : `expected ${issue.expected}, got ${typeof issue.input}; change the value.`;
    case "unrecognized_keys":
      return `unknown field(s) ${issue.keys.map((k) => `"${k}"`).join(", ")}; remove them or check the spelling.`;
    case "too_small":
      return `must be ${issue.inclusive === false ? "more than" : "at least"} ${String(issue.minimum)}; raise it.`;
    case "too_big":
      return `must be ${issue.inclusive === false ? "less than" : "at most"} ${String(issue.maximum)}; lower it.`;
    case "invalid_union": {
      // A discriminated union names its tag and options: the game's `type` or the matching `mode`.
      const tagged = issue as { discriminator?: string; options?: unknown[] };
      const options = (tagged.options ?? []).map((o) => JSON.stringify(o)).join(", ");
      if (tagged.discriminator === "mode") return `unknown matching mode; use one of: ${options}.`;
      return `unknown game type; use one of: ${options || '"publicGoods"'}.`;
    }
    case "invalid_value":
      return `must be one of ${issue.values.map((v) => JSON.stringify(v)).join(", ")}.`;
    default:
      return issue.message.endsWith(".") ? issue.message : `${issue.message}.`;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object") {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
