// Cyclic designs found by a SAT solver (cyclicCnf.ts through CaDiCaL), as the stored-design table keeps them.
import { cyclicFormula, type GroupLayout } from "../domain/matching/cyclicCnf.js";
import { isPerfectStrangerSchedule } from "../domain/matching/scheduleCheck.js";
import { developStored, type StoredDesign } from "../domain/matching/storedDesigns.js";
import { solve } from "./satSolver.js";

export interface SatDesignResult {
  /** The design, checked round by round; null when the formula is unsatisfiable or the time ran out. */
  design: StoredDesign | null;
  /** True when the time ran out before CaDiCaL decided. */
  unknown: boolean;
  seconds: number;
}

/**
 * The design of layout `d` (over Z_period, or over `d.group`) for n in groups of g that CaDiCaL finds within
 * `seconds` (recorded as the budget, so that `find:designs -- --again` asks the same of it: CaDiCaL is deterministic,
 * the limit only stops it).
 */
export function satDesign(n: number, g: number, d: GroupLayout, seconds: number): SatDesignResult {
  const formula = cyclicFormula(n, g, d);
  const v = solve(formula.cnf, "cadical", seconds);
  if (!v.satisfiable) return { design: null, unknown: v.unknown, seconds: v.seconds };
  const design: StoredDesign = {
    n,
    g,
    period: d.period,
    orbits: d.orbits,
    ...(d.group && d.group.length > 1 ? { group: [...d.group] } : {}),
    bases: formula.decode(v.value),
    found: { search: "sat", seed: "", budget: seconds, rounds: d.bases * d.period },
  };
  const ok = isPerfectStrangerSchedule(n, g, developStored(design));
  if (!ok) throw new Error(`the SAT model for ${n} in groups of ${g} does not check: the formula is wrong`);
  return { design, unknown: false, seconds: v.seconds };
}

/** The layout a stored design was developed from. */
export function layoutOf(d: StoredDesign): GroupLayout {
  return { bases: d.bases.length, orbits: d.orbits, period: d.period, fixed: d.n - d.orbits * d.period, ...(d.group ? { group: [...d.group] } : {}) };
}
