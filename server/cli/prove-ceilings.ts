// `npm run prove:ceilings`: re-runs the exhaustive searches behind the ceilings in bounds.ts that rest on search.
import { KNOWN_CEILINGS } from "../domain/matching/bounds.js";
import { exactStrangers } from "../domain/matching/exactSearch.js";

/** Far more nodes than any recorded proof needs (26 in fives takes 80 million, about 5 s). */
const BUDGET = 20_000_000_000;

let failed = 0;
for (const c of KNOWN_CEILINGS.filter((x) => x.proof === "search")) {
  const started = performance.now();
  const r = exactStrangers(c.n, c.g, c.rounds + 1, { budget: BUDGET });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const proved = r.exhausted && r.rounds.length === 0;
  if (!proved) failed++;
  console.log(`${c.n} in groups of ${c.g}: ${c.rounds + 1} rounds ${proved ? "impossible" : r.rounds.length ? "FOUND (the ceiling is wrong)" : "NOT SETTLED"} — ${r.nodes} nodes, ${seconds} s`);
}
process.exit(failed ? 1 : 0);
