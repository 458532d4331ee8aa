// Designs found by long offline searches (`npm run find:designs`), kept as base rounds and developed on use.
import { createRng } from "../rng.js";
import { abelianGroup } from "./abelianGroup.js";
import { cyclicStrangers } from "./cyclicDesign.js";
import { multiCyclicStrangers } from "./cyclicMulti.js";
import { exactStrangers } from "./exactSearch.js";
import type { IndexSchedule } from "./roundRobin.js";
import { isPerfectStrangerSchedule } from "./scheduleCheck.js";
import { STORED_DESIGNS, type StoredDesign } from "./storedDesignTable.js";

export type { StoredDesign } from "./storedDesignTable.js";

/** The stored design for n in groups of g, if a long search found one. */
export function storedDesign(n: number, g: number): StoredDesign | undefined {
  return STORED_DESIGNS.find((d) => d.n === n && d.g === g);
}

/** Every round of `d`, in order, with who sits out; not checked here (the caller checks every schedule it uses). */
export function developStored(d: StoredDesign): IndexSchedule {
  const movable = d.orbits * d.period;
  const group = abelianGroup(d.group ?? [d.period], d.period);
  const move = (p: number, s: number): number => (p < movable ? p - (p % d.period) + group.add(p % d.period, s) : p);
  const rounds: number[][][] = [];
  const byes: number[][] = [];
  for (const base of d.bases) {
    const seated = new Set(base.flat());
    const out = Array.from({ length: d.n }, (_, p) => p).filter((p) => !seated.has(p));
    for (let s = 0; s < d.period; s++) {
      rounds.push(base.map((group) => group.map((p) => move(p, s))));
      byes.push(out.map((p) => move(p, s)));
    }
  }
  return { rounds, byes };
}

/**
 * The stored design as the searches would report it: `bases` from a developed schedule of `orbits` orbits of
 * `period` points (rounds b·period are the base rounds). Throws if the schedule is not such a development.
 */
export function storedFrom(n: number, g: number, schedule: IndexSchedule, orbits: number, period: number, found: StoredDesign["found"]): StoredDesign {
  if (period < 1 || schedule.rounds.length % period !== 0) throw new Error(`${schedule.rounds.length} rounds are not whole cycles of ${period}`);
  const bases = schedule.rounds.filter((_, r) => r % period === 0).map((round) => round.map((group) => [...group]));
  const design: StoredDesign = { n, g, period, orbits, bases, found };
  const again = developStored(design);
  const same = again.rounds.every((round, r) => round.every((group, i) => group.join() === schedule.rounds[r][i].join()));
  if (!same) throw new Error(`the schedule for ${n} in groups of ${g} is not developed from its base rounds over ${orbits} orbits of ${period}`);
  return design;
}

/**
 * Runs the search `found` names and returns what it finds as a stored design, or null. The cyclic searches get an Rng
 * seeded with `found.seed`, `found.budget` work and exactly `found.rounds` rounds to aim for; the exhaustive search
 * (exactSearch.ts, no seed) gets `found.budget` nodes, and what it finds is stored round by round (period 1). The
 * searches are deterministic, so a stored design's own `found` gives it again. Throws for "sat" (the solver is an
 * external program: server/cli/satDesigns.ts).
 */
export function searchStored(n: number, g: number, found: StoredDesign["found"]): StoredDesign | null {
  if (found.search === "exact") {
    const exact = exactStrangers(n, g, found.rounds, { budget: found.budget });
    if (exact.rounds.length !== found.rounds || !isPerfectStrangerSchedule(n, g, exact)) return null;
    return storedFrom(n, g, exact, 0, 1, found);
  }
  if (found.search === "sat") throw new Error(`${n}/${g} was found by a SAT solver, which runs outside the domain: npm run find:designs -- --again`);
  const rng = createRng(found.seed);
  const options = { budget: found.budget, above: found.rounds - 1 };
  const result = found.search === "cyclic" ? cyclicStrangers(n, g, found.rounds, rng, options) : multiCyclicStrangers(n, g, found.rounds, rng, options);
  if (!result.design || result.rounds.length !== found.rounds || !isPerfectStrangerSchedule(n, g, result)) return null;
  return storedFrom(n, g, result, result.design.orbits, result.design.period, found);
}
