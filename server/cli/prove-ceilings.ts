// `npm run prove:ceilings [-- --sat | --try n/g/R [--seconds S]]`: re-runs the searches behind the ceilings in bounds.ts, or decides a new one.
import { KNOWN_CEILINGS } from "../domain/matching/bounds.js";
import { exactStrangers } from "../domain/matching/exactSearch.js";
import { isPerfectStrangerSchedule } from "../domain/matching/scheduleCheck.js";
import { rowCases } from "../domain/matching/rowCases.js";
import { decodeRounds, gridCases } from "../domain/matching/strangerCnf.js";
import { solve, solverAvailable } from "./satSolver.js";

/**
 * `--try n/g/R`: does a schedule of R rounds exist? Runs every case (gridCases for n = g² + 1, else rowCases split
 * on a third round), each for at most `--seconds` (default: no limit), and stops at the first satisfiable one.
 * "Impossible" only if every case was refuted; then a ceiling of R − 1 can be added to KNOWN_CEILINGS.
 */
function tryRounds(spec: string, seconds: number | undefined): number {
  const [n, g, rounds] = spec.split("/").map(Number);
  if (!/^\d+\/\d+\/\d+$/.test(spec) || g < 3 || n < g * g || rounds < 3 || (n - Math.floor(n / g) * g) * rounds > n) {
    console.log(`--try wants n/g/rounds with g ≥ 3, n ≥ g², rounds ≥ 3 and nobody sitting out twice (got "${spec}"), e.g. --try 21/4/6`);
    return 2;
  }
  if (seconds !== undefined && !(seconds >= 1)) {
    console.log("--seconds wants a number of seconds, at least 1, for each case (e.g. --seconds 600)");
    return 2;
  }
  if (!solverAvailable()) {
    console.log("cadical is not installed (apt-get install cadical)");
    return 2;
  }
  let cases;
  try {
    cases = n === g * g + 1 ? gridCases(g, rounds) : rowCases(n, g, rounds, { thirdRound: true });
  } catch (e) {
    console.log(`${(e as Error).message.replace(/;.*/, "")}: splitting on round 2 alone instead`);
    cases = rowCases(n, g, rounds);
  }
  console.log(`${n} in groups of ${g}, ${rounds} rounds: ${cases.length} case(s)`);
  let undecided = 0;
  let total = 0;
  for (const [i, c] of cases.entries()) {
    const v = solve(c.cnf, "cadical", seconds);
    total += v.seconds;
    if (v.satisfiable) {
      const valid = isPerfectStrangerSchedule(n, g, decodeRounds(n, g, rounds, v.value));
      console.log(`case ${i + 1} (${c.name}): satisfiable in ${v.seconds.toFixed(1)} s — ${rounds} rounds exist${valid ? "" : " (BUT THE DECODED SCHEDULE FAILS ITS CHECK)"}`);
      return valid ? 0 : 1;
    }
    if (v.unknown) undecided++;
    console.log(`case ${i + 1}/${cases.length}: ${v.unknown ? "undecided" : "unsatisfiable"} (${v.seconds.toFixed(1)} s)`);
  }
  console.log(undecided ? `${undecided} case(s) undecided: not settled (${total.toFixed(0)} s)` : `${rounds} rounds impossible: every case refuted in ${total.toFixed(0)} s of CaDiCaL`);
  return undecided ? 1 : 0;
}

const tryAt = process.argv.indexOf("--try");
if (tryAt >= 0) {
  const secondsAt = process.argv.indexOf("--seconds");
  process.exit(tryRounds(process.argv[tryAt + 1] ?? "", secondsAt >= 0 ? Number(process.argv[secondsAt + 1]) : undefined));
}

/** Far more nodes than any recorded proof needs (26 in fives takes 80 million, about 5 s). */
const BUDGET = 20_000_000_000;
/** The SAT proofs take long (37 in sixes: about 50 minutes of CaDiCaL; 30 in fives: 40 s), so they run only when asked. */
const WITH_SAT = process.argv.includes("--sat");

let failed = 0;
for (const c of KNOWN_CEILINGS.filter((x) => x.proof === "search")) {
  const started = performance.now();
  const r = exactStrangers(c.n, c.g, c.rounds + 1, { budget: BUDGET });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  const proved = r.exhausted && r.rounds.length === 0;
  if (!proved) failed++;
  console.log(`${c.n} in groups of ${c.g}: ${c.rounds + 1} rounds ${proved ? "impossible" : r.rounds.length ? "FOUND (the ceiling is wrong)" : "NOT SETTLED"} — ${r.nodes} nodes, ${seconds} s`);
}
const sat = KNOWN_CEILINGS.filter((x) => x.proof === "sat");
if (!WITH_SAT) console.log(`${sat.length} ceiling(s) rest on a SAT solver; run with --sat to re-prove them (needs cadical: apt-get install cadical).`);
else if (!solverAvailable()) {
  console.log("cadical is not installed (apt-get install cadical): the SAT proofs were not run.");
  failed++;
} else {
  for (const { n, g, rounds } of sat) {
    let proved = true;
    let seconds = 0;
    for (const part of n === g * g + 1 ? gridCases(g, rounds + 1) : rowCases(n, g, rounds + 1, { thirdRound: true })) {
      const v = solve(part.cnf);
      seconds += v.seconds;
      console.log(`  ${n}/${g}, ${rounds + 1} rounds, case ${part.name}: ${v.satisfiable ? "SATISFIABLE (the ceiling is wrong)" : "unsatisfiable"} (${v.seconds.toFixed(1)} s)`);
      if (v.satisfiable) proved = false;
    }
    if (!proved) failed++;
    console.log(`${n} in groups of ${g}: ${rounds + 1} rounds ${proved ? "impossible" : "POSSIBLE"} — ${seconds.toFixed(0)} s of CaDiCaL`);
  }
}
process.exit(failed ? 1 : 0);
