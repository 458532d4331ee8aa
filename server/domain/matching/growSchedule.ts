// One participant more for a perfect-stranger schedule: the newcomer takes one seat per round, its holder sitting out.
import { OUT_OF_BUDGET as SPENT } from "./outOfBudget.js";
import type { IndexSchedule } from "./roundRobin.js";

// A module constant, not the import itself (see outOfBudget.ts).
const OUT_OF_BUDGET = SPENT;

export interface GrowOptions {
  /**
   * Work allowed, counted in groups looked at (each step of the search looks at every group of the rounds still
   * open), some 70 ns each here. The search gives up when it runs out. Default 2 000 000.
   */
  budget?: number;
}

export interface GrowResult {
  /** The schedule for n + 1, or null when none was found within the budget. */
  schedule: IndexSchedule | null;
  /** Work spent, in the units of `budget`. */
  work: number;
}


/**
 * A schedule for participants 0..n (newcomer n) from `base`, a perfect-stranger schedule for 0..n−1 in groups of
 * g with fewer than g − 1 sitting out per round. In each round the newcomer either takes the seat of one member of
 * one group, who sits out instead (someone who sits out in no round of `base`, and only once), or sits out
 * itself (in one round at most). The newcomer meets nobody twice when the groups it joins, less the members it
 * replaces, are disjoint. Depth-first search, the round with the fewest choices first. So one schedule serves
 * the cohort one larger, where the fixed-size constructions no longer fit (72 in sixes: 13 rounds, and so 73 to
 * 75, 76 and 77 then 12; 96 in eights: 10, and so 97).
 */
export function growSchedule(n: number, g: number, base: IndexSchedule, options: GrowOptions = {}): GrowResult {
  const budget = options.budget ?? 2_000_000;
  const R = base.rounds.length;
  if (R === 0 || (n % g) + 1 >= g) return { schedule: null, work: 0 };
  const satOut = new Uint8Array(n);
  for (const byes of base.byes) for (const p of byes) satOut[p] = 1;
  // met[p]: the newcomer already shares a group with p; taken[p]: p already gave up a seat to it.
  const met = new Uint8Array(n);
  const taken = new Uint8Array(n);
  // choice[r]: [group, member replaced], null when the newcomer sits out round r, undefined while open.
  const choice: Array<[number, number] | null | undefined> = new Array(R).fill(undefined);
  let sitting = false;
  let work = 0;

  const choices = (r: number): Array<[number, number]> => {
    const out: Array<[number, number]> = [];
    const groups = base.rounds[r];
    work += groups.length;
    for (let gi = 0; gi < groups.length; gi++) {
      const group = groups[gi];
      let clash = -1;
      let clashes = 0;
      for (const p of group) {
        if (!met[p]) continue;
        clashes++;
        clash = p;
      }
      // Someone already met must be the one replaced, so at most one such member.
      if (clashes > 1) continue;
      if (clashes === 1) {
        if (!satOut[clash] && !taken[clash]) out.push([gi, clash]);
        continue;
      }
      for (const p of group) if (!satOut[p] && !taken[p]) out.push([gi, p]);
    }
    return out;
  };

  const place = (left: number): boolean => {
    if (left === 0) return true;
    if (work > budget) throw OUT_OF_BUDGET;
    let round = -1;
    let fewest: Array<[number, number]> | null = null;
    for (let r = 0; r < R && (!fewest || fewest.length > 0); r++) {
      if (choice[r] !== undefined) continue;
      const here = choices(r);
      if (!fewest || here.length < fewest.length) {
        fewest = here;
        round = r;
      }
    }
    for (const [gi, d] of fewest!) {
      const group = base.rounds[round][gi];
      choice[round] = [gi, d];
      taken[d] = 1;
      for (const p of group) if (p !== d) met[p] = 1;
      if (place(left - 1)) return true;
      for (const p of group) if (p !== d) met[p] = 0;
      taken[d] = 0;
    }
    if (!sitting) {
      sitting = true;
      choice[round] = null;
      if (place(left - 1)) return true;
      sitting = false;
    }
    choice[round] = undefined;
    return false;
  };

  try {
    if (!place(R)) return { schedule: null, work };
  } catch (e) {
    if (e === OUT_OF_BUDGET) return { schedule: null, work };
    throw e;
  }
  const rounds = base.rounds.map((groups, r) => {
    const c = choice[r];
    return groups.map((group, gi) => (c && gi === c[0] ? [...group.filter((p) => p !== c[1]), n].sort((a, b) => a - b) : [...group]));
  });
  const byes = base.byes.map((out, r) => {
    const c = choice[r];
    return [...out, c ? c[1] : n].sort((a, b) => a - b);
  });
  return { schedule: { rounds, byes }, work };
}
