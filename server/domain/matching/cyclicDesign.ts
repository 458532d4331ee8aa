// Perfect-stranger rounds by cyclic development: round 1 is searched on orbits Z_m × {0..c−1} plus fixed points, then shifted.
import type { Rng } from "../rng.js";
import { CyclicSearch, type CyclicDesign } from "./cyclicSearch.js";
import type { IndexSchedule } from "./roundRobin.js";

export type { CyclicDesign };

/**
 * Work one layout of seat orbits gets before a fresh one is drawn (at least; more when a level's share is large).
 * Some layouts cannot reach cost 0 whatever the swaps (the search then plateaus at one or two repeats), so several
 * layouts with a slice each beat one layout with the whole share.
 */
const LAYOUT_SLICE = 300_000;
/** Share of the budget the first level tried (90 % of the aim) may spend. */
const FIRST_LEVEL_SHARE = 0.75;

export interface CyclicOptions {
  /**
   * Work allowed over every design tried, counted in seats looked at (a candidate swap costs g, and about 6·g
   * counter updates). Deterministic for a given Rng and budget, whatever the machine's speed. Default 1 500 000:
   * about a quarter of a second on a 2-core machine.
   */
  budget?: number;
  /** Look only for more rounds than this (what another method already builds). Default 1. */
  above?: number;
}

export interface CyclicResult extends IndexSchedule {
  /** The design developed, or null when none was found above `options.above`. */
  design: CyclicDesign | null;
  /** Work spent, in the units of `budget`. */
  work: number;
}

/**
 * The designs worth searching for `rounds` rounds of n in groups of g: c orbits of m = rounds points and
 * f = n − c·m fixed points, the most promising (c = g − 1, as in Kirkman's Z_m × {0, 1} ∪ {∞}) first. A design is
 * left out when counting alone rules it out: more fixed points than groups, a fixed point's group needing two
 * points of one orbit, or someone having fewer others to meet than the rounds require.
 */
export function cyclicDesigns(n: number, g: number, rounds: number): CyclicDesign[] {
  const k = Math.floor(n / g);
  const sitOut = n - k * g;
  const m = rounds;
  if (g < 3 || k < 1 || m < 2) return [];
  const out: CyclicDesign[] = [];
  for (let c = 1; c * m <= n; c++) {
    const f = n - c * m;
    if (f > k || (f > 0 && c < g - 1)) continue;
    // Byes come at most one per orbit (each orbit point then sits out once in the cycle).
    if (sitOut > c) continue;
    // Playing every round, a participant meets (g − 1)·m others; an orbit point sitting out once, (g − 1)·(m − 1).
    if ((g - 1) * m > n - 1 && (f > 0 || sitOut < c)) continue;
    out.push({ orbits: c, period: m, fixed: f });
  }
  return out.sort((a, b) => Math.abs(a.orbits - (g - 1)) - Math.abs(b.orbits - (g - 1)) || a.orbits - b.orbits);
}

/**
 * Up to `target` perfect-stranger rounds for participants 0..n−1 in groups of g, by cyclic development: for a
 * number of rounds R and a design of `cyclicDesigns(n, g, R)`, a tabu search looks for a first round whose
 * differences are all distinct, then develops it into R rounds. R starts at 90 % of `target` or of
 * ⌊(n − 1)/(g − 1)⌋, whichever is less (at least `options.above` + 1), and climbs while designs are found; if none
 * is found there, lower R are tried, down to 60 % of that. The n mod g sitting out are orbit points of distinct
 * orbits, so nobody sits out twice in the schedule.
 */
export function cyclicStrangers(n: number, g: number, target: number, rng: Rng, options: CyclicOptions = {}): CyclicResult {
  const budget = options.budget ?? 1_500_000;
  const above = Math.max(1, options.above ?? 1);
  let work = 0;
  let found: CyclicResult = { rounds: [], byes: [], design: null, work: 0 };
  const attempt = (r: number, share: number): boolean => {
    const designs = cyclicDesigns(n, g, r).slice(0, 2);
    const until = Math.min(budget, work + share);
    const slice = Math.max(LAYOUT_SLICE, Math.ceil(share / 6));
    // Designs take turns, each try with a fresh layout; a design whose layouts keep failing the counts is dropped.
    let unfit = 0;
    for (let i = 0; designs.length > 0 && work < until && unfit < 4 * designs.length; i++) {
      const design = designs[i % designs.length];
      const search = new CyclicSearch(n, g, design, rng);
      const solved = search.feasible && search.solve(Math.min(slice, until - work));
      work += search.work;
      if (!search.feasible) unfit++;
      if (solved) {
        found = { ...search.develop(), design, work };
        return true;
      }
    }
    return false;
  };
  // Above ⌊(n − 1)/(g − 1)⌋ a design needs everyone to sit out once: start below that. Far below, designs need
  // so many fixed points or orbits that other methods do better: stop at 60 %.
  const aim = Math.min(target, Math.floor((n - 1) / (g - 1)));
  const start = Math.max(above + 1, Math.ceil(0.9 * aim));
  const lowest = Math.max(above + 1, Math.ceil(0.6 * aim));
  // Climb from 90 % of the target while designs are found; each level gets a share of what is left.
  let r = start;
  // The first level (90 %) is what most cases need, so it gets most of the work; what it leaves goes to the climb.
  while (r <= target && work < budget && attempt(r, Math.ceil((budget - work) * Math.max(r === start ? FIRST_LEVEL_SHARE : 0, 1 / Math.min(3, target - r + 1))))) r++;
  if (!found.design) for (r = start - 1; r >= lowest && work < budget; r--) if (attempt(r, Math.ceil((budget - work) / 2))) break;
  return { ...found, work };
}

