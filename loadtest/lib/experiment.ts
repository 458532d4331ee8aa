// Experiments for load runs: the demo experiment with the group size, rounds and stage lengths a run needs.
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ExperimentInput } from "../../server/domain/experiment/schema.js";

export interface LoadExperimentOptions {
  /** Participants per group. Default 4. */
  groupSize?: number;
  /** Default 3. */
  rounds?: number;
  /** Default 60 s; benchmarks use long stages (up to 3600) so a measurement window is never cut by a deadline. */
  decisionSeconds?: number;
  /** Default 15 s. */
  resultsSeconds?: number;
  /** Default 20. Benchmarks use 10,000 so a move's value can carry a sequence number. */
  endowment?: number;
  /** Most participants the session admits. Default 100,000. */
  capacity?: number;
  /** Lobby wait limit. Default 300 s. */
  maxWaitSeconds?: number;
}

/** The demo experiment (experiments/demo.json) adjusted for a load run. */
export function loadExperiment(o: LoadExperimentOptions = {}): ExperimentInput {
  const demo = JSON.parse(readFileSync(join(__dirname, "../../experiments/demo.json"), "utf8")) as ExperimentInput & { game: Record<string, unknown> };
  return {
    ...demo,
    name: "Load test",
    game: { ...demo.game, type: "publicGoods", groupSize: o.groupSize ?? 4, rounds: o.rounds ?? 3, endowment: o.endowment ?? 20, live: true, defaultContribution: 0 },
    stages: { decisionSeconds: o.decisionSeconds ?? 60, resultsSeconds: o.resultsSeconds ?? 15 },
    lobby: { maxWaitSeconds: o.maxWaitSeconds ?? 300 },
    capacity: o.capacity ?? 100_000,
  };
}
