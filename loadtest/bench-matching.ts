// Perfect-stranger benchmark: rounds built against ⌊(N−1)/(G−1)⌋ and the proven ceiling, and time, for N 8–100, G 2–8.
// Run: npm run bench:matching [-- --step 1] ; writes bench-results/matching.json.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { strangerBound, strangerCeiling } from "../server/domain/matching/bounds.js";
import { forgetSchedules, perfectStrangerSchedule } from "../server/domain/matching/schedule.js";
import { createRng } from "../server/domain/rng.js";

const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i > 0 ? Number(process.argv[i + 1]) : fallback;
};
const STEP = arg("step", 1);
const TIME_LIMIT_MS = 1000;

interface Row {
  n: number;
  g: number;
  bound: number;
  ceiling: number;
  ceilingReason: string;
  achieved: number;
  pctOfBound: number;
  method: string;
  ms: number;
  /** optimal: reaches the proven ceiling; ok: ≥ 90 % of min(bound, ceiling); short: below that. */
  verdict: "optimal" | "ok" | "short";
  fast: boolean;
}

/** Nearest-rank percentiles of `values`. */
function percentiles(values: number[], ps: number[]): Record<number, number> {
  const sorted = [...values].sort((a, b) => a - b);
  return Object.fromEntries(ps.map((p) => [p, sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]]));
}

const rows: Row[] = [];
for (let n = 8; n <= 100; n += STEP) {
  for (let g = 2; g <= 8; g++) {
    const bound = strangerBound(n, g);
    const ceiling = strangerCeiling(n, g);
    // Cold: the schedules of smaller cohorts this one builds on (its column schedules) are built again rather than
    // reused from earlier cases. Only what a process builds once stays: compiled code, field and difference tables.
    forgetSchedules();
    const started = performance.now();
    const s = perfectStrangerSchedule(n, g, Math.max(bound, ceiling.rounds), createRng(`bench:${n}:${g}`));
    const ms = performance.now() - started;
    const target = Math.min(bound, ceiling.rounds);
    const verdict = s.achievable >= ceiling.rounds ? "optimal" : s.achievable >= 0.9 * target ? "ok" : "short";
    rows.push({
      n, g, bound, ceiling: ceiling.rounds, ceilingReason: ceiling.reason, achieved: s.achievable,
      pctOfBound: bound ? Math.round((1000 * s.achievable) / bound) / 10 : 100, method: s.added ? `${s.method}+${s.added}` : s.method, ms: Math.round(ms), verdict, fast: ms < TIME_LIMIT_MS,
    });
  }
}

const pad = (v: unknown, w: number): string => String(v).padStart(w);
console.log(`${pad("N", 4)}${pad("G", 3)}${pad("bound", 7)}${pad("ceil", 6)}${pad("built", 7)}${pad("%bound", 8)}  ${"method".padEnd(12)}${pad("ms", 6)}  verdict`);
for (const r of rows) {
  const note = r.ceiling < r.bound ? `  (bound unreachable: ${r.ceilingReason})` : "";
  console.log(`${pad(r.n, 4)}${pad(r.g, 3)}${pad(r.bound, 7)}${pad(r.ceiling, 6)}${pad(r.achieved, 7)}${pad(r.pctOfBound.toFixed(1), 8)}  ${r.method.padEnd(12)}${pad(r.ms, 6)}  ${r.verdict}${note}`);
}

// Targets: optimal for G = 2 and the affine cases; elsewhere ≥ 90 % of the bound (or of the ceiling where the bound
// cannot be reached in principle); every case under a second.
const special = rows.filter((r) => r.g === 2 || r.method === "affine");
const other = rows.filter((r) => !(r.g === 2 || r.method === "affine"));
const count = (xs: Row[], f: (r: Row) => boolean): string => `${xs.filter(f).length}/${xs.length}`;
const summary = {
  cases: rows.length,
  optimalG2AndAffine: count(special, (r) => r.verdict === "optimal"),
  atLeast90PctElsewhere: count(other, (r) => r.verdict !== "short"),
  boundUnreachableInPrinciple: rows.filter((r) => r.ceiling < r.bound).length,
  underOneSecond: count(rows, (r) => r.fast),
  slowestMs: Math.max(...rows.map((r) => r.ms)),
  /** Time percentiles over all cases, in ms (the machine's noise moves the slowest few the most). */
  msPercentiles: percentiles(rows.map((r) => r.ms), [50, 90, 99]),
  /** Mean of built / min(bound, ceiling) over the other cases, in %. */
  meanPctElsewhere: Math.round((1000 * other.reduce((a, r) => a + Math.min(1, r.achieved / Math.max(1, Math.min(r.bound, r.ceiling))), 0)) / other.length) / 10,
  withinOneRoundElsewhere: count(other, (r) => r.achieved >= Math.min(r.bound, r.ceiling) - 1),
  short: other.filter((r) => r.verdict === "short").map((r) => `${r.n}/${r.g}: ${r.achieved} of ${Math.min(r.bound, r.ceiling)}`),
};
console.log(
  `\nSUMMARY ${summary.cases} cases | G=2 and affine optimal: ${summary.optimalG2AndAffine} | elsewhere ≥90% of min(bound, ceiling): ${summary.atLeast90PctElsewhere}` +
    ` (mean ${summary.meanPctElsewhere}%, within one round: ${summary.withinOneRoundElsewhere})` +
    ` | bound unreachable in principle: ${summary.boundUnreachableInPrinciple} | under 1 s: ${summary.underOneSecond} (slowest ${summary.slowestMs} ms;` +
    ` p50 ${summary.msPercentiles[50]}, p90 ${summary.msPercentiles[90]}, p99 ${summary.msPercentiles[99]} ms)`,
);
if (summary.short.length) console.log(`short of 90%: ${summary.short.join(", ")}`);

const out = join(__dirname, "..", "bench-results");
mkdirSync(out, { recursive: true });
writeFileSync(join(out, "matching.json"), JSON.stringify({ at: new Date().toISOString(), node: process.version, summary, rows }, null, 2));
console.log(`wrote ${join("bench-results", "matching.json")}`);
