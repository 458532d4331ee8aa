// Formulas in conjunctive normal form for SAT solvers: a small builder with the cardinality encodings the proofs use.

/** A formula in conjunctive normal form: variables 1..variables, each clause a list of ±variable. */
export interface Cnf {
  variables: number;
  clauses: number[][];
}

/** Collects clauses over fresh variables; `cnf()` hands the formula over. */
export class CnfBuilder {
  private next = 1;
  private readonly clauses: number[][] = [];

  /** `count` new variables, numbered in order. */
  fresh(count: number): number[] {
    const out = Array.from({ length: count }, (_, i) => this.next + i);
    this.next += count;
    return out;
  }

  clause(lits: number[]): void {
    this.clauses.push(lits);
  }

  unit(lit: number): void {
    this.clauses.push([lit]);
  }

  /** Exactly one of `lits` true: one clause for at least one, pairs for at most one. */
  exactlyOne(lits: number[]): void {
    this.clauses.push([...lits]);
    for (let a = 0; a < lits.length; a++) for (let b = a + 1; b < lits.length; b++) this.clauses.push([-lits[a], -lits[b]]);
  }

  /** At most m of `lits` true (Sinz's sequential counter). */
  atMost(lits: number[], m: number): void {
    if (m >= lits.length) return;
    if (m === 0) {
      for (const l of lits) this.clauses.push([-l]);
      return;
    }
    // s[i][j]: at least j + 1 of lits[0..i] are true.
    const s = lits.map(() => this.fresh(m));
    this.clauses.push([-lits[0], s[0][0]]);
    for (let j = 1; j < m; j++) this.clauses.push([-s[0][j]]);
    for (let i = 1; i < lits.length; i++) {
      this.clauses.push([-lits[i], s[i][0]], [-s[i - 1][0], s[i][0]]);
      for (let j = 1; j < m; j++) this.clauses.push([-lits[i], -s[i - 1][j - 1], s[i][j]], [-s[i - 1][j], s[i][j]]);
      this.clauses.push([-lits[i], -s[i - 1][m - 1]]);
    }
  }

  cnf(): Cnf {
    return { variables: this.next - 1, clauses: this.clauses };
  }
}

/** The formula in DIMACS text, as SAT solvers read it. */
export function dimacs(cnf: Cnf): string {
  const lines = [`p cnf ${cnf.variables} ${cnf.clauses.length}`];
  for (const c of cnf.clauses) lines.push(`${c.join(" ")} 0`);
  return `${lines.join("\n")}\n`;
}
