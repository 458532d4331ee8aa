// CNF for "a design of t base rounds developed over Z_h (or another abelian group of order h) exists", for a SAT solver.
import { abelianGroup } from "./abelianGroup.js";
import { CnfBuilder, type Cnf } from "./cnf.js";
import type { MultiDesign } from "./cyclicMultiSearch.js";

/** A layout of cyclicMultiSearch.ts, developed over any abelian group of order `period`. */
export interface GroupLayout extends MultiDesign {
  /** The cyclic factors of that group (abelianGroup.ts), e.g. [2, 4]; omitted: Z_period, as the tabu searches use. */
  group?: readonly number[];
}

/** A formula and how to read a satisfying assignment back as base rounds. */
export interface CyclicFormula {
  cnf: Cnf;
  /** The base rounds' groups, by participant, from a model (model(v): variable v is true). */
  decode(model: (v: number) => boolean): number[][][];
}

/**
 * The formula whose models are exactly the designs `d` for n in groups of g, up to relabelling: participant i·h + x
 * is point x of orbit i, the f = n − c·h others are fixed points, fixed point j sits in group j of every base round,
 * and round b·h + s is base round b with every orbit point x moved to x + s in the group (`d.group`, default Z_h).
 * As in cyclicMultiSearch.ts, nobody meets twice iff each difference (orbit i, orbit j, y − x) is used once at most
 * over all base rounds (within an orbit, a difference of order 2 not at all: its pair would meet again when moved by
 * it; Z_h has one such for even h, and in Z_2 × Z_2 × … every difference but 0 is one), each fixed point meets each
 * orbit in one group at most, and each orbit sits out in one base round at most (one point at a time).
 *
 * Symmetry broken: orbits may be renumbered and each moved along itself (that maps differences onto differences), so
 * when fixed point 0 exists its group in base round 0 holds point 0 of orbits 0..g − 2; and the groups no fixed point
 * holds may be renumbered, so they are numbered in the order of their first member (precedeSlots). The latter makes
 * "none exists" some 40 times faster (22 in fours, 7 rounds: 15 s → 0.4 s).
 */
export function cyclicFormula(n: number, g: number, d: GroupLayout): CyclicFormula {
  const { bases: t, orbits: c, period: h, fixed: f } = d;
  const group = abelianGroup(d.group ?? [h], h);
  const k = Math.floor(n / g);
  const s = n - k * g;
  if (c * h + f !== n || f > k || g < 2 || h < 1 || t < 1) throw new Error(`no such layout: ${t} base round(s) of ${c} orbits of ${h} and ${f} fixed points for ${n} in groups of ${g}`);
  const cnf = new CnfBuilder();
  // x[b][p][slot]: participant p sits in group slot of base round b (slot k: sits out).
  const x = Array.from({ length: t }, () => Array.from({ length: n }, () => cnf.fresh(k + 1)));
  const movable = c * h;
  for (let b = 0; b < t; b++) {
    for (let p = 0; p < n; p++) cnf.exactlyOne(x[b][p]);
    for (let j = 0; j < f; j++) cnf.unit(x[b][movable + j][j]);
    // At most g a group and s sitting out, with everyone placed once, make every group exactly g.
    for (let slot = 0; slot < k; slot++) cnf.atMost(x[b].map((v) => v[slot]), g);
    cnf.atMost(x[b].map((v) => v[k]), s);
  }
  for (const round of x) precedeSlots(cnf, round, f, k);
  for (let i = 0; i < c; i++) cnf.atMost(x.flatMap((round) => round.slice(i * h, (i + 1) * h).map((v) => v[k])), 1);
  // A variable per pair and base round, true when they share a group (implied, never forced back); at most one
  // pair of each difference over all base rounds.
  const classes = new Map<string, number[]>();
  for (let b = 0; b < t; b++) {
    for (let p = 0; p < movable; p++) {
      const i = Math.floor(p / h);
      for (let q = p + 1; q < n; q++) {
        const [together] = cnf.fresh(1);
        for (let slot = 0; slot < k; slot++) cnf.clause([-x[b][p][slot], -x[b][q][slot], together]);
        let key: string;
        if (q >= movable) key = `fixed ${q} orbit ${i}`;
        else {
          const j = Math.floor(q / h);
          const diff = group.sub(q % h, p % h);
          if (i === j && group.neg(diff) === diff) {
            cnf.unit(-together);
            continue;
          }
          key = i === j ? `${i} ${i} ${Math.min(diff, group.neg(diff))}` : `${i} ${j} ${diff}`;
        }
        const list = classes.get(key);
        if (list) list.push(together);
        else classes.set(key, [together]);
      }
    }
  }
  for (const list of classes.values()) cnf.atMost(list, 1);
  if (f > 0 && c >= g - 1) for (let i = 0; i < g - 1; i++) cnf.unit(x[0][i * h][0]);
  return {
    cnf: cnf.cnf(),
    decode: (model) =>
      x.map((round) => {
        const groups: number[][] = Array.from({ length: k }, () => []);
        round.forEach((slots, p) => {
          const slot = slots.findIndex((v) => model(v));
          if (slot >= 0 && slot < k) groups[slot].push(p);
        });
        return groups;
      }),
  };
}

/**
 * Value precedence over the interchangeable slots from..to−1 of one round (x[p][slot]: participant p in that slot):
 * slot j + 1 holds someone only after slot j has held someone earlier in participant order. For participant p, now[j]
 * stands for "slot j holds one of participants 0..p" (seen: the same for p − 1).
 */
function precedeSlots(cnf: CnfBuilder, x: number[][], from: number, to: number): void {
  let seen: number[] = [];
  x.forEach((slots, p) => {
    const now = cnf.fresh(to - from);
    for (let j = from; j < to; j++) {
      const v = now[j - from];
      cnf.clause([-slots[j], v]);
      if (p === 0) cnf.clause([-v, slots[j]]);
      else {
        cnf.clause([-seen[j - from], v]);
        cnf.clause([-v, slots[j], seen[j - from]]);
      }
      if (j > from) cnf.clause(p === 0 ? [-slots[j]] : [-slots[j], seen[j - 1 - from]]);
    }
    seen = now;
  });
}
