// CNF for "R perfect-stranger rounds of n in groups of g": the formula, and the g² + 1 cases a SAT solver must refute for a ceiling.
import { CnfBuilder, type Cnf } from "./cnf.js";
import type { IndexSchedule } from "./roundRobin.js";

/** One case of a proof: the formula and what it assumes beyond the problem itself. */
export interface CnfCase {
  name: string;
  cnf: Cnf;
  /** The rounds the case fixes (rowCases: rounds 1 and 2). */
  fixed?: IndexSchedule;
}

/**
 * The cases that together hold every schedule of `rounds` rounds for n = g² + 1 participants in g groups of g, one
 * sitting out each round and nobody twice, up to relabelling: the schedule exists iff some case is satisfiable.
 *
 * Why the cases cover everything (participants are cells (i, j) = i·g + j of a g × g grid, plus α = g²):
 * - Round 1 seats the rows and α sits out. Round 2 holds at most one of each row in a group, so the group holding α
 *   misses the row of round 2's sitter β, and every other group holds one of each row: relabelled, β = (0, 0), α
 *   joins column 0 without β, and every other column is a group. These two rounds are fixed.
 * - In any later round t with sitter γ, α's group misses γ's row and meets every other row once; β's group misses γ's
 *   column. α is in group 0 from round 3 on; groups are numbered by their least member.
 * - Some round after the second has its sitter in row 0 or column 0 (after swapping rows and columns, which swaps
 *   the first two rounds and α with β, in row 0), or none has. Case "row 0": round 3's sitter is (0, 1); α's group
 *   then misses row 0 and is α with one cell of each other row in columns 1..g−1, which relabelling rows 1..g−1 and
 *   columns 2..g−1 makes the diagonal. Case "inside": round 3's sitter is (1, 1) and no later sitter is in row 0 or
 *   column 0; α's group holds β and (2, 2)…(g−1, g−1) (case A), or β not and (0, 1), (2, 2)… (B1) or (0, 2), (2, 1),
 *   (3, 3)… (B2), again by relabelling rows and columns 2..g−1.
 * - Rounds after the third come in increasing order of their sitter.
 * Needs g ≥ 3 and 3 ≤ rounds ≤ n.
 */
export function gridCases(g: number, rounds: number): CnfCase[] {
  if (g < 3 || rounds < 3 || rounds > g * g + 1) throw new Error("gridCases needs g ≥ 3 and 3 ≤ rounds ≤ g² + 1");
  const cell = (i: number, j: number): number => i * g + j;
  const diagonal = (from: number): number[] => Array.from({ length: g - from }, (_, d) => cell(from + d, from + d));
  const edge = [...Array.from({ length: g - 1 }, (_, j) => cell(0, j + 1)), ...Array.from({ length: g - 1 }, (_, i) => cell(i + 1, 0))];
  const cases: Array<{ name: string; sitter: number; alphaGroup: number[]; inside: boolean }> = [
    { name: "row 0", sitter: cell(0, 1), alphaGroup: diagonal(1), inside: false },
    { name: "inside A", sitter: cell(1, 1), alphaGroup: [0, ...diagonal(2)], inside: true },
    { name: "inside B1", sitter: cell(1, 1), alphaGroup: [cell(0, 1), ...diagonal(2)], inside: true },
    { name: "inside B2", sitter: cell(1, 1), alphaGroup: [cell(0, 2), cell(2, 1), ...diagonal(3)], inside: true },
  ];
  return cases.map((c) => {
    const f = new StrangerFormula(g * g + 1, g, rounds);
    const alpha = g * g;
    f.fixRound(0, Array.from({ length: g }, (_, i) => Array.from({ length: g }, (_, j) => cell(i, j))), [alpha]);
    f.fixRound(1, Array.from({ length: g }, (_, j) => (j === 0 ? [alpha, ...Array.from({ length: g - 1 }, (_, i) => cell(i + 1, 0))] : Array.from({ length: g }, (_, i) => cell(i, j)))), [0]);
    for (let r = 2; r < rounds; r++) f.unit(f.x(alpha, r, 0));
    f.unit(f.x(c.sitter, 2, g));
    for (const p of c.alphaGroup) f.unit(f.x(p, 2, 0));
    if (c.inside) for (let r = 3; r < rounds; r++) for (const p of edge) f.unit(-f.x(p, r, g));
    for (let r = 2; r < rounds; r++) f.groupsByLeastMember(r, 1);
    f.roundsBySitter(3);
    return { name: c.name, cnf: f.cnf() };
  });
}

/** The schedule a satisfying assignment of a `gridCases` formula describes (model[v] true for variable v). */
export function decodeGrid(g: number, rounds: number, model: (v: number) => boolean): IndexSchedule {
  return decodeRounds(g * g + 1, g, rounds, model);
}

/** The schedule a satisfying assignment of a `rowCases` or `gridCases` formula for n in groups of g describes. */
export function decodeRounds(n: number, g: number, rounds: number, model: (v: number) => boolean): IndexSchedule {
  const k = Math.floor(n / g);
  const out: IndexSchedule = { rounds: [], byes: [] };
  for (let r = 0; r < rounds; r++) {
    const groups: number[][] = Array.from({ length: k }, () => []);
    const byes: number[] = [];
    for (let p = 0; p < n; p++) {
      for (let b = 0; b <= k; b++) if (model(variable(n, g, rounds, p, r, b))) (b === k ? byes : groups[b]).push(p);
    }
    out.rounds.push(groups);
    out.byes.push(byes);
  }
  return out;
}

/** Variable "participant p is in group b of round r" (b = k: sits out), numbered first so that decoding needs no table. */
export function variable(n: number, g: number, rounds: number, p: number, r: number, b: number): number {
  const k = Math.floor(n / g);
  return 1 + (p * rounds + r) * (k + 1) + b;
}

/** The problem's clauses (groups of exactly g, s sitting out, nobody twice, no pair twice) and unit facts on top. */
export class StrangerFormula extends CnfBuilder {
  private readonly k: number;

  constructor(private readonly n: number, private readonly g: number, private readonly rounds: number) {
    super();
    this.k = Math.floor(n / g);
    const s = n - this.k * g;
    this.fresh(n * rounds * (this.k + 1));
    for (let p = 0; p < n; p++) {
      for (let r = 0; r < rounds; r++) this.exactlyOne(Array.from({ length: this.k + 1 }, (_, b) => this.x(p, r, b)));
    }
    // With everyone seated once per round, at most g per group and s sitting out make every group exactly g.
    for (let r = 0; r < rounds; r++) {
      for (let b = 0; b < this.k; b++) this.atMost(Array.from({ length: n }, (_, p) => this.x(p, r, b)), g);
      this.atMost(Array.from({ length: n }, (_, p) => this.x(p, r, this.k)), s);
    }
    for (let p = 0; p < n; p++) this.atMost(Array.from({ length: rounds }, (_, r) => this.x(p, r, this.k)), 1);
    // m(p, q, r): p and q share a group in round r; at most one round each.
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const met = this.fresh(rounds);
        for (let r = 0; r < rounds; r++) for (let b = 0; b < this.k; b++) this.clause([-this.x(p, r, b), -this.x(q, r, b), met[r]]);
        for (let a = 0; a < rounds; a++) for (let b = a + 1; b < rounds; b++) this.clause([-met[a], -met[b]]);
      }
    }
  }

  /** Variable "p sits in group b of round r" (b = k: sits out). */
  x(p: number, r: number, b: number): number {
    return variable(this.n, this.g, this.rounds, p, r, b);
  }

  fixRound(r: number, groups: number[][], byes: number[]): void {
    groups.forEach((grp, b) => grp.forEach((p) => this.unit(this.x(p, r, b))));
    for (const p of byes) this.unit(this.x(p, r, this.k));
  }

  /** Groups from `from` on in round r numbered by their least member: whoever sits in group b > from has a lesser participant in b − 1. */
  groupsByLeastMember(r: number, from: number): void {
    for (let p = 0; p < this.n; p++) {
      for (let b = from + 1; b < this.k; b++) this.clause([-this.x(p, r, b), ...Array.from({ length: p }, (_, q) => this.x(q, r, b - 1))]);
    }
  }

  /** Rounds from `from` on in increasing order of the least member of group 0 other than participant 0. */
  roundsByGroupZero(from: number): void {
    for (let r = from; r + 1 < this.rounds; r++) {
      for (let p = 1; p < this.n; p++) this.clause([-this.x(p, r + 1, 0), ...Array.from({ length: p - 1 }, (_, q) => this.x(q + 1, r, 0))]);
    }
  }

  /** Rounds from `from` on in increasing order of their least sitter. */
  roundsBySitter(from: number): void {
    for (let r = from; r + 1 < this.rounds; r++) {
      for (let p = 0; p < this.n; p++) this.clause([-this.x(p, r + 1, this.k), ...Array.from({ length: p }, (_, q) => this.x(q, r, this.k))]);
    }
  }
}
