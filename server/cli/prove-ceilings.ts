// `npm run prove:ceilings [-- --sat]`: re-runs the searches behind the ceilings in bounds.ts that rest on computation.
import { KNOWN_CEILINGS } from "../domain/matching/bounds.js";
import { exactStrangers } from "../domain/matching/exactSearch.js";
import { gridCases, rowCases } from "../domain/matching/strangerCnf.js";
import { solve, solverAvailable } from "./satSolver.js";

/** Far more nodes than any recorded proof needs (26 in fives takes 80 million, about 5 s). */
const BUDGET = 20_000_000_000;
/** The SAT proofs take long (37 in sixes: about 50 minutes of CaDiCaL, 30 in fives 7), so they run only when asked. */
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
    for (const part of n === g * g + 1 ? gridCases(g, rounds + 1) : rowCases(n, g, rounds + 1)) {
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
