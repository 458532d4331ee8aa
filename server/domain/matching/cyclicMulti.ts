// Perfect-stranger rounds from several base rounds over Z_h: base round b shifted by s is round b·h + s.
import type { Rng } from "../rng.js";
import type { IndexSchedule } from "./roundRobin.js";
import { MultiSearch, type MultiDesign } from "./cyclicMultiSearch.js";

export type { MultiDesign };

/**
 * The designs worth searching for `rounds` = t·h rounds of n in groups of g (t ≥ 2, h ≥ 3), c = t·(g − 1) orbits
 * first. Left out when counting rules them out: more fixed points than groups, too few orbits for a fixed point to
 * meet new ones in every base round, or for the byes to come from distinct orbits, or too few others to meet.
 */
export function multiDesigns(n: number, g: number, rounds: number): MultiDesign[] {
  const k = Math.floor(n / g);
  const s = n - k * g;
  const out: MultiDesign[] = [];
  if (g < 3 || k < 1) return out;
  for (let t = 2; t <= rounds; t++) {
    if (rounds % t) continue;
    const h = rounds / t;
    if (h < 3) continue;
    for (let c = 1; c * h <= n; c++) {
      const f = n - c * h;
      if (f > k || (f > 0 && c < t * (g - 1))) continue;
      if (s * t > c) continue;
      if ((g - 1) * rounds > n - 1 && (f > 0 || s * t < c)) continue;
      out.push({ bases: t, orbits: c, period: h, fixed: f });
    }
  }
  return out.sort((a, b) => Math.abs(a.orbits - a.bases * (g - 1)) - Math.abs(b.orbits - b.bases * (g - 1)) || a.bases - b.bases || a.orbits - b.orbits);
}

export interface MultiOptions {
  /** Work allowed, in the units of CyclicOptions.budget. Default 1 000 000. */
  budget?: number;
  /** Look only for more rounds than this. Default 1. */
  above?: number;
}

/** Work one start layout gets before a fresh one is drawn. */
const MULTI_SLICE = 300_000;
/** Round counts tried, from the highest down. */
const MULTI_LEVELS = 4;

/**
 * Up to `target` perfect-stranger rounds for 0..n−1 in groups of g from t ≥ 2 base rounds over Z_h (see
 * MultiDesign): round counts R from min(target, ⌊(n − 1)/(g − 1)⌋) down, above `options.above`, the first
 * MULTI_LEVELS that have designs, each with an equal share of what is left. Empty when none is found.
 */
export function multiCyclicStrangers(n: number, g: number, target: number, rng: Rng, options: MultiOptions = {}): IndexSchedule & { design: MultiDesign | null; work: number } {
  const budget = options.budget ?? 1_000_000;
  const above = Math.max(1, options.above ?? 1);
  const top = Math.min(target, Math.floor((n - 1) / (g - 1)));
  const levels: number[] = [];
  for (let r = top; r > above && levels.length < MULTI_LEVELS; r--) if (multiDesigns(n, g, r).length > 0) levels.push(r);
  let work = 0;
  for (let l = 0; l < levels.length && work < budget; l++) {
    const designs = multiDesigns(n, g, levels[l]).slice(0, 3);
    const until = work + Math.ceil((budget - work) / (levels.length - l));
    for (let i = 0; work < until; i++) {
      const search = new MultiSearch(n, g, designs[i % designs.length], rng);
      if (!search.feasible) {
        work += Math.max(1, search.work);
        if (i >= 4 * designs.length) break;
        continue;
      }
      const solved = search.solve(search.work + Math.min(MULTI_SLICE, until - work));
      work += search.work;
      if (solved) return { ...search.develop(), design: designs[i % designs.length], work };
    }
  }
  return { rounds: [], byes: [], design: null, work };
}
