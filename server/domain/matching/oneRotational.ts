// 1-rotational resolvable designs over Z_(n−1): (n − 1)/(g − 1) rounds, every pair meeting once (33 in threes: 16).
import type { Rng } from "../rng.js";
import type { IndexSchedule } from "./roundRobin.js";

export interface OneRotationalOptions {
  /** Search nodes (a member placed in a base group) in all, over restarts. Default 50 000, up to about 50 ms. */
  budget?: number;
  /** Nodes before the search starts again with the candidates in a fresh random order. Default 20 000. */
  restartEvery?: number;
}

/**
 * Where n ≡ g (mod g(g − 1)): participants are ∞ and the residues mod M = n − 1, and H = {0, m, 2m, …} with
 * m = M/(g − 1) the subgroup of order g − 1. Round t (t < m) seats {∞} ∪ (H + t) and, for every base group B and
 * h in H, the group B + h + t. Every pair meets exactly once, so the m rounds are the bound (n − 1)/(g − 1), when
 * (1) the differences x − y of two members of a base group, over all base groups, are distinct and outside H (the
 * pairs with a difference in H meet in ∞'s group), and (2) the base groups take one member from each coset of H but
 * H itself, so that each round seats everyone once. A depth-first search picks (n − g)/(g(g − 1)) base groups:
 * each opens with the least coset left (member taken from H's coset as is, which H's shift allows), and its further
 * members come from higher cosets, in an order the seeded `rng` shuffles at every restart. Such designs do not
 * exist for every n: the search runs to its end for 15 and 21 in threes and finds none, and a SAT solver on
 * oneRotationalFormula proves that none exists for 45 in fives, 66 in sixes or 91 in sevens; 96 in sixes is open.
 * Within the default budget it finds 33, 51 and 57 in threes. Null where n is not of the form or the search gives up.
 */
export function oneRotational(n: number, g: number, rng: Rng, options: OneRotationalOptions = {}): IndexSchedule | null {
  if (g < 3 || n <= g || (n - g) % (g * (g - 1)) !== 0) return null;
  const budget = options.budget ?? 50_000;
  const restartEvery = options.restartEvery ?? 20_000;
  const M = n - 1;
  const m = M / (g - 1);
  const bases = (n - g) / (g * (g - 1));
  let left = budget;
  while (left > 0) {
    const search = new BaseGroupSearch(M, m, g, bases, rng, Math.min(left, restartEvery));
    const found = search.run();
    left -= search.nodes;
    if (found) return develop(M, m, g, found);
    if (search.exhausted) return null; // every order fails alike: the search was complete
  }
  return null;
}

/**
 * The m rounds of the design whose base groups are `bases` (g residues mod n − 1 each, as oneRotationalFormula
 * decodes them); not checked here (the caller checks every schedule it uses).
 */
export function developOneRotational(n: number, g: number, bases: readonly (readonly number[])[]): IndexSchedule {
  return develop(n - 1, (n - 1) / (g - 1), g, Int32Array.from(bases.flat()));
}

function develop(M: number, m: number, g: number, bases: Int32Array): IndexSchedule {
  const rounds: number[][][] = [];
  for (let t = 0; t < m; t++) {
    const groups: number[][] = [[...Array.from({ length: g - 1 }, (_, j) => t + j * m), M]];
    for (let b = 0; b < bases.length; b += g) {
      for (let j = 0; j < g - 1; j++) groups.push(Array.from(bases.subarray(b, b + g), (x) => (x + j * m + t) % M).sort((a, c) => a - c));
    }
    rounds.push(groups);
  }
  return { rounds, byes: rounds.map(() => []) };
}

/** One restart of the base-group search: a depth-first search over members, in one shuffled candidate order. */
class BaseGroupSearch {
  nodes = 0;
  /** True when the search ran to its end without finding base groups (then none exist, whatever the order). */
  exhausted = false;
  private readonly usedCoset: Uint8Array;
  private readonly usedDiff: Uint8Array;
  private readonly members: Int32Array;
  /** Candidate members x = c + j·m, in this restart's order. */
  private readonly order: Int32Array;
  private readonly added: Int32Array;

  constructor(
    private readonly M: number,
    private readonly m: number,
    private readonly g: number,
    bases: number,
    rng: Rng,
    private readonly budget: number,
  ) {
    this.usedCoset = new Uint8Array(m);
    this.usedCoset[0] = 1;
    this.usedDiff = new Uint8Array(M);
    for (let j = 0; j < g - 1; j++) this.usedDiff[j * m] = 1;
    this.members = new Int32Array(bases * g);
    const candidates: number[] = [];
    for (let c = 1; c < m; c++) for (let j = 0; j < g - 1; j++) candidates.push(c + j * m);
    this.order = Int32Array.from(rng.shuffle(candidates));
    // Differences a member adds, per position: 2 per earlier member of its group.
    this.added = new Int32Array(bases * g * 2 * (g - 1));
  }

  /** The base groups' members (g per group), or null. */
  run(): Int32Array | null {
    const ok = this.place(0);
    if (ok === true) return this.members;
    this.exhausted = ok === false;
    return null;
  }

  /** True: found; false: no completion below; null: out of budget. */
  private place(pos: number): boolean | null {
    const { g, m, M, members, usedCoset, usedDiff } = this;
    if (pos === members.length) return true;
    if (++this.nodes > this.budget) return null;
    const depth = pos % g;
    if (depth === 0) {
      let c = 1;
      while (usedCoset[c]) c++;
      usedCoset[c] = 1;
      members[pos] = c;
      const result = this.place(pos + 1);
      usedCoset[c] = 0;
      return result;
    }
    const previous = members[pos - 1] % m;
    const start = pos - depth;
    const diffs = this.added;
    const at = pos * 2 * (g - 1);
    for (let i = 0; i < this.order.length; i++) {
      const x = this.order[i];
      const c = x % m;
      if (c <= previous || usedCoset[c]) continue;
      let count = 0;
      let fits = true;
      for (let s = start; s < pos && fits; s++) {
        const d = (x - members[s] + M) % M;
        const e = M - d;
        if (usedDiff[d] || usedDiff[e] || d === e) fits = false;
        else {
          // Two earlier members may ask for the same difference (x − y = z − x): mark as we go.
          usedDiff[d] = usedDiff[e] = 1;
          diffs[at + count++] = d;
          diffs[at + count++] = e;
        }
      }
      if (fits) {
        usedCoset[c] = 1;
        members[pos] = x;
        const result = this.place(pos + 1);
        if (result !== false) return result;
        usedCoset[c] = 0;
      }
      for (let k = 0; k < count; k++) usedDiff[diffs[at + k]] = 0;
    }
    return false;
  }
}
