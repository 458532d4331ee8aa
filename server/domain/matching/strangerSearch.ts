// Perfect-stranger rounds by search (social-golfer style): greedy rounds repaired by tabu local search.
import type { Rng } from "../rng.js";
import type { IndexSchedule } from "./roundRobin.js";
import { SearchState } from "./searchState.js";

export interface SearchOptions {
  /**
   * Work allowed, counted in candidates weighed (a swap costs about 2·g table reads; seating one, g). The search is
   * deterministic for a given Rng and budget, whatever the machine’s speed. Default 5 000 000: under a second
   * for any n ≤ 100 on a 2-core machine.
   */
  budget?: number;
  /** Role (0..g−1) of each participant: every group then holds one of each role (id-in-group kept). Default: none. */
  roles?: readonly number[];
  /** A first round that must stay as given (with roles, the seating that defines them). Default: searched too. */
  first?: readonly (readonly number[])[];
}

export interface SearchResult extends IndexSchedule {
  /** Work spent, in the units of `budget`. */
  work: number;
}

/**
 * Builds up to `target` rounds in which no two participants of 0..n−1 share a group twice. Each round has
 * ⌊n/g⌋ groups of exactly g; the n mod g left over sit out, taken in turn from a shuffled order so that sitting
 * out is spread evenly (nobody sits out twice before everyone has once). Rounds are added one at a time: a
 * greedy seating, then tabu search that may reshuffle every earlier round too, until no pair meets twice. When
 * the budget runs out first, the rounds completed before the failed one are returned.
 */
export function searchStrangers(n: number, g: number, target: number, rng: Rng, options: SearchOptions = {}): SearchResult {
  const budget = options.budget ?? 5_000_000;
  const roles = options.roles;
  if (roles && (roles.length !== n || n % g !== 0 || !options.first)) throw new Error("roles need one role per participant, n divisible by g and a first round");
  if (g < 2 || n < g || target < 1) return { rounds: [], byes: [], work: 0 };
  const k = Math.floor(n / g);
  const sitOut = n - k * g;
  const order = rng.shuffle(Array.from({ length: n }, (_, i) => i));
  const byesOf = (r: number): number[] => Array.from({ length: sitOut }, (_, j) => order[(r * sitOut + j) % n]);
  const state = new SearchState(n, g, rng, options.first ? 1 : 0, roles);
  // Rounds known good; on a failed round the state is dirty (repair reshuffles earlier rounds too), so keep a copy.
  let good = 0;
  let kept: Int32Array[] = [];
  if (options.first) {
    state.addRound(options.first);
    good = 1;
    kept = state.copySeats();
  }
  while (good < target && state.work < budget) {
    state.addRound(greedyRound(state, byesOf(good), rng, roles));
    if (!state.repair(budget)) break;
    good++;
    kept = state.copySeats();
  }
  const done = kept.map((seats) => Array.from({ length: seats.length / g }, (_, i) => Array.from(seats.subarray(i * g, i * g + g))));
  return { rounds: done, byes: done.map((_, r) => byesOf(r)), work: state.work };
}

/** Seats the players not sitting out, group by group, each time adding the one who has met the fewest members. */
function greedyRound(state: SearchState, byes: readonly number[], rng: Rng, roles?: readonly number[]): number[][] {
  const { n, g } = state;
  const out = new Set(byes);
  const free = rng.shuffle(Array.from({ length: n }, (_, i) => i).filter((p) => !out.has(p)));
  const groups: number[][] = [];
  while (free.length > 0) {
    const group = [free.shift()!];
    while (group.length < g) {
      let best = -1;
      let bestCost = Infinity;
      for (let i = 0; i < free.length; i++) {
        state.work++;
        const p = free[i];
        if (roles && group.some((m) => roles[m] === roles[p])) continue;
        let cost = 0;
        for (const m of group) if (state.met(p, m) > 0) cost++;
        if (cost < bestCost) {
          bestCost = cost;
          best = i;
          if (cost === 0) break;
        }
      }
      group.push(free.splice(best, 1)[0]);
    }
    groups.push(group);
  }
  return groups;
}
