// Experiment fixtures for tests: the demo file with overrides (short stages, small groups).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExperimentInput } from "../../server/domain/experiment/schema.js";

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> : T[K] };

const demo = JSON.parse(readFileSync(join(__dirname, "../../experiments/demo.json"), "utf8")) as ExperimentInput;

function merge<T>(base: T, over: DeepPartial<T> | undefined): T {
  if (!over) return base;
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) {
    out[k] = v && typeof v === "object" && !Array.isArray(v) ? merge(out[k], v as never) : v;
  }
  return out as T;
}

/** The demo experiment with `over` merged in. */
export function experiment(over?: DeepPartial<ExperimentInput>): ExperimentInput {
  return merge(structuredClone(demo), over);
}
