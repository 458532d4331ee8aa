// Runs an external SAT solver (CaDiCaL by default) on a CNF and reads its verdict and model.
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { dimacs, type Cnf } from "../domain/matching/cnf.js";

export interface SatVerdict {
  satisfiable: boolean;
  /** True when a time limit stopped the solver before it decided (satisfiable is then false). */
  unknown: boolean;
  /** For a satisfiable formula: whether variable v is true. */
  value: (v: number) => boolean;
  seconds: number;
}

/** True when `solver` (a command on PATH or a path) answers `--version`. */
export function solverAvailable(solver = "cadical"): boolean {
  const r = spawnSync(solver, ["--version"], { encoding: "utf8" });
  return r.status === 0;
}

/**
 * Solves `cnf` with `solver`, which must follow the SAT competition's conventions (exit 10: satisfiable, with "v"
 * lines; 20: unsatisfiable), within `seconds` when given (CaDiCaL's -t; it then exits 0, undecided). Throws if the
 * solver is missing or answers anything else.
 */
export function solve(cnf: Cnf, solver = "cadical", seconds?: number): SatVerdict {
  const dir = mkdtempSync(join(tmpdir(), "cohort-sat-"));
  try {
    const file = join(dir, "formula.cnf");
    writeFileSync(file, dimacs(cnf));
    const started = performance.now();
    const limit = seconds === undefined ? [] : ["-t", String(Math.max(1, Math.round(seconds)))];
    const r = spawnSync(solver, ["-q", ...limit, file], { encoding: "utf8", maxBuffer: 1 << 28 });
    const took = (performance.now() - started) / 1000;
    if (r.error) throw new Error(`cannot run ${solver}: ${r.error.message} (install it with: apt-get install cadical)`);
    if (r.status === 20) return { satisfiable: false, unknown: false, value: () => false, seconds: took };
    if (r.status === 0 && seconds !== undefined) return { satisfiable: false, unknown: true, value: () => false, seconds: took };
    if (r.status !== 10) throw new Error(`${solver} exited with ${r.status}: ${r.stderr || r.stdout}`.trim());
    const truth = new Uint8Array(cnf.variables + 1);
    for (const line of r.stdout.split("\n")) {
      if (!line.startsWith("v ")) continue;
      for (const tok of line.slice(2).trim().split(/\s+/)) {
        const lit = Number(tok);
        if (lit > 0) truth[lit] = 1;
      }
    }
    return { satisfiable: true, unknown: false, value: (v) => truth[v] === 1, seconds: took };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
