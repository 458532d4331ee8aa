// CNF for "a 1-rotational resolvable design exists for n in groups of g" (oneRotational.ts), to settle it with a SAT solver.
import { CnfBuilder, type Cnf } from "./cnf.js";

/** A formula and how to read a satisfying assignment back as base groups. */
export interface OneRotationalFormula {
  cnf: Cnf;
  /** The base groups (members of Z_(n−1), g each, in order), from a model (model(v): variable v is true). */
  decode(model: (v: number) => boolean): number[][];
}

/**
 * Satisfiable exactly when `oneRotational` has base groups to find for n in groups of g (n ≡ g mod g(g − 1)):
 * (n − g)/(g(g − 1)) groups of g residues mod M = n − 1 that take one member of each coset of H = {0, m, 2m, …}
 * but H (m = M/(g − 1)), all together, and whose differences cover every residue outside H exactly once. Relabelling
 * is broken as in the depth-first search: each group's member in its least coset is that coset's least residue, and
 * the groups come in increasing order of their least coset. Unsatisfiable means no such design exists at all.
 */
export function oneRotationalFormula(n: number, g: number): OneRotationalFormula {
  if (g < 3 || n <= g || (n - g) % (g * (g - 1)) !== 0) throw new Error(`${n} in groups of ${g} has no 1-rotational form (needs n ≡ g mod g(g − 1))`);
  const M = n - 1;
  const m = M / (g - 1);
  const t = (n - g) / (g * (g - 1));
  const f = new CnfBuilder();
  // y[b][x]: residue x is a member of base group b (never for x in H).
  const y = Array.from({ length: t }, () => f.fresh(M));
  const inCoset = (b: number, c: number): number[] => Array.from({ length: g - 1 }, (_, j) => y[b][c + j * m]);
  for (let b = 0; b < t; b++) {
    for (let j = 0; j < g - 1; j++) f.unit(-y[b][j * m]);
    // One member per coset overall and at most g per group: with t·g = m − 1 cosets, exactly g each.
    f.atMost(y[b], g);
  }
  for (let c = 1; c < m; c++) {
    const all = Array.from({ length: t }, (_, b) => inCoset(b, c)).flat();
    f.clause(all);
    f.atMost(all, 1);
  }
  // Each difference ±d outside H from exactly one pair {x, x + d} of one group.
  for (let d = 1; 2 * d <= M; d++) {
    if (d % m === 0) continue;
    const pairs: number[] = [];
    for (let b = 0; b < t; b++) {
      for (let x = 0; x < M; x++) {
        const z = (x + d) % M;
        if (x % m === 0 || z % m === 0 || (2 * d === M && x > z)) continue;
        const [p] = f.fresh(1);
        f.clause([-y[b][x], -y[b][z], p]);
        f.clause([-p, y[b][x]]);
        f.clause([-p, y[b][z]]);
        pairs.push(p);
      }
    }
    f.clause(pairs);
    f.atMost(pairs, 1);
  }
  const below = (b: number, c: number): number[] => Array.from({ length: c - 1 }, (_, i) => inCoset(b, i + 1)).flat();
  for (let b = 0; b < t; b++) {
    for (let c = 1; c < m; c++) {
      for (let j = 1; j < g - 1; j++) f.clause([-y[b][c + j * m], ...below(b, c)]);
      if (b + 1 < t) for (const v of inCoset(b + 1, c)) f.clause([-v, ...below(b, c)]);
    }
  }
  return {
    cnf: f.cnf(),
    decode: (model) => y.map((row) => row.flatMap((v, x) => (model(v) ? [x] : []))),
  };
}
