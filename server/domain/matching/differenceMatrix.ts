// Difference matrices over abelian groups, by search or from the stored table: transversal designs beyond MacNeish's bound.
import { STORED_MATRICES } from "./differenceMatrixTable.js";

/**
 * A (k, s, 1) difference matrix: s rows of k elements of an abelian group A of order k (coded 0..k−1, 0 the
 * identity) such that for any two rows i ≠ j the differences rows[i][a] − rows[j][a] over the columns a are all
 * of A. Row 0 and column 0 are zero, row 1 is 0, 1, …, k − 1.
 */
export interface DifferenceMatrix {
  k: number;
  rows: Int32Array[];
  /** The group's addition on codes. */
  add(a: number, b: number): number;
  /** a − b in the group. */
  sub(a: number, b: number): number;
  /** Orders of the cyclic factors of A (A = Z_m1 × Z_m2 × …). */
  group: number[];
}

/**
 * Search effort per group tried, in values placed: enough for the matrices below (24 with 4 rows, the costliest,
 * takes about 0.25 s), while the one failed try the engine makes (12 with 7 rows) stops after about 0.1 s. Nothing
 * is random, so the same matrices (and schedules) come out every time. Found: 12 with 6 rows; 15, 20, 21, 24 with 4.
 */
const SEARCH_NODES = 60_000;
/** Orders above this are not searched: up to 100 in groups of 4 or more have at most 25 rows, and 25 is a prime power. */
const MAX_ORDER = 24;
/**
 * Above order 12, no more than 4 rows are searched: 5 rows were not found within 40 million nodes for 21 and took
 * 33 million (a minute) for 15, far beyond what a schedule may spend, while each failed try costs 0.1–0.4 s. Such
 * matrices come from the stored table instead (`npm run find:matrices`).
 */
const MAX_ROWS_ABOVE_12 = 4;

const cache = new Map<string, DifferenceMatrix | null>();
/** fewestMissing[k]: the fewest rows a search of order k failed to find (more rows are not searched). */
const fewestMissing = new Map<number, number>();

/**
 * A difference matrix with `rows` rows over some abelian group of order k, or null when the search finds none
 * within its effort (or proves there is none over the groups it tries). Only groups whose Sylow 2-subgroup is
 * trivial or not cyclic are tried: the others have no complete mapping (Hall & Paige), so no third row.
 */
export function differenceMatrix(k: number, rows: number): DifferenceMatrix | null {
  if (rows < 1 || k < 2) return null;
  const key = `${k}:${rows}`;
  if (cache.has(key)) return cache.get(key)!;
  // A stored matrix with enough rows gives its first `rows` (any rows of a difference matrix form one).
  const stored = STORED_MATRICES.find((m) => m.k === k && m.rows.length >= rows);
  if (stored) {
    const raw = stored.rows.slice(0, rows);
    const d = matrixOf(stored.group, raw);
    const whole = raw.every((r) => r.length === k && r.every((v) => Number.isInteger(v) && v >= 0 && v < k));
    if (!whole || !isDifferenceMatrix(d)) throw new Error(`the stored difference matrix of order ${k} is not one: run npm run find:matrices -- ${k}/${stored.rows.length} --write`);
    cache.set(key, d);
    return d;
  }
  if (k > MAX_ORDER || (k > 12 && rows > MAX_ROWS_ABOVE_12)) return null;
  if (rows >= (fewestMissing.get(k) ?? Infinity)) return null;
  const found = searchDifferenceMatrix(k, rows, SEARCH_NODES);
  cache.set(key, found);
  if (!found) fewestMissing.set(k, Math.min(rows, fewestMissing.get(k) ?? Infinity));
  return found;
}

/**
 * The search itself, over the abelian groups of order k that can have three rows or more, with `nodes` values
 * placed per group at most. Deterministic: the same arguments give the same matrix. The engine gives it
 * SEARCH_NODES; `npm run find:matrices` far more, for the stored table.
 */
export function searchDifferenceMatrix(k: number, rows: number, nodes: number): DifferenceMatrix | null {
  for (const group of abelianGroups(k)) {
    if (rows >= 3 && cyclicSylowTwo(group)) continue;
    const found = search(group, rows, nodes);
    if (found) return found;
  }
  return null;
}

/** True when every two rows of `d` differ, over the columns, by each group element once. */
export function isDifferenceMatrix(d: DifferenceMatrix): boolean {
  const { k, rows, sub } = d;
  for (const r of rows) if (r.length !== k || r.some((v) => v < 0 || v >= k)) return false;
  for (let i = 0; i < rows.length; i++) {
    for (let j = i + 1; j < rows.length; j++) {
      const seen = new Uint8Array(k);
      for (let a = 0; a < k; a++) seen[sub(rows[i][a], rows[j][a])] = 1;
      if (seen.some((x) => x === 0)) return false;
    }
  }
  return true;
}

/** A matrix over the group Z_m1 × Z_m2 × … with the given rows. */
function matrixOf(group: readonly number[], rows: readonly (readonly number[])[]): DifferenceMatrix {
  const { k, addT, subT } = groupTables(group);
  return { k, rows: rows.map((r) => Int32Array.from(r)), group: [...group], add: (a, b) => addT[a * k + b], sub: (a, b) => subT[a * k + b] };
}

/** Addition and subtraction tables of Z_m1 × Z_m2 × …, elements coded in mixed radix (m1 lowest). */
function groupTables(group: readonly number[]): { k: number; addT: Int32Array; subT: Int32Array } {
  const k = group.reduce((a, b) => a * b, 1);
  const digits = (e: number): number[] => group.map((m) => {
    const c = e % m;
    e = Math.floor(e / m);
    return c;
  });
  const code = (cs: readonly number[]): number => cs.reduceRight((acc, c, i) => acc * group[i] + c, 0);
  const addT = new Int32Array(k * k);
  const subT = new Int32Array(k * k);
  for (let a = 0; a < k; a++) {
    const da = digits(a);
    for (let b = 0; b < k; b++) {
      const db = digits(b);
      addT[a * k + b] = code(da.map((x, i) => (x + db[i]) % group[i]));
      subT[a * k + b] = code(da.map((x, i) => (x - db[i] + group[i]) % group[i]));
    }
  }
  return { k, addT, subT };
}

/** The abelian groups of order k as products of cyclic groups of prime-power order, one per isomorphism class. */
function abelianGroups(k: number): number[][] {
  let choices: number[][] = [[]];
  for (let p = 2, m = k; m > 1; p++) {
    if (m % p !== 0) continue;
    let e = 0;
    while (m % p === 0) (m /= p), e++;
    const parts = partitions(e).map((part) => part.map((x) => p ** x));
    choices = choices.flatMap((c) => parts.map((part) => [...c, ...part]));
  }
  // Elementary abelian 2-parts first: they carry the most complete mappings.
  return choices.sort((a, b) => b.length - a.length);
}

function partitions(e: number, max = e): number[][] {
  if (e === 0) return [[]];
  const out: number[][] = [];
  for (let x = Math.min(e, max); x >= 1; x--) for (const rest of partitions(e - x, x)) out.push([x, ...rest]);
  return out;
}

function cyclicSylowTwo(group: number[]): boolean {
  return group.filter((m) => m % 2 === 0).length === 1;
}

/** Depth-first, row by row: each new row is a permutation whose differences with every earlier row are all of A. */
function search(group: number[], want: number, nodes: number): DifferenceMatrix | null {
  const s = new RowSearch(group, want, nodes);
  return s.nextRow(s.rows.length) ? { k: s.k, rows: s.rows, group, add: (a, b) => s.addT[a * s.k + b], sub: (a, b) => s.subT[a * s.k + b] } : null;
}

/** The search state, in arrays allocated once per search; each row keeps, per column, the values still open. */
class RowSearch {
  readonly k: number;
  readonly addT: Int32Array;
  readonly subT: Int32Array;
  readonly rows: Int32Array[];
  private nodes = 0;
  /** banned[j][a·k + v]: reasons value v cannot go to column a of row j (taken, or a difference already used). */
  private readonly banned: Int32Array[];
  /** size[j][a]: values column a of row j can still take. */
  private readonly size: Int32Array[];
  private readonly row: Int32Array[];

  constructor(group: number[], private readonly want: number, private readonly maxNodes: number) {
    const { k, addT, subT } = groupTables(group);
    this.k = k;
    this.addT = addT;
    this.subT = subT;
    this.rows = [new Int32Array(k), Int32Array.from({ length: k }, (_, a) => a)].slice(0, want);
    this.banned = Array.from({ length: want }, () => new Int32Array(k * k));
    this.size = Array.from({ length: want }, () => new Int32Array(k));
    this.row = Array.from({ length: want }, () => new Int32Array(k));
  }

  nextRow(j: number): boolean {
    if (j >= this.want) return true;
    const { k, rows } = this;
    const row = this.row[j].fill(-1);
    row[0] = 0;
    this.banned[j].fill(0);
    this.size[j].fill(k);
    // Column 0 holds 0: value 0, and the differences 0 − 0 with every earlier row, are taken in every column.
    for (let b = 1; b < k; b++) {
      this.ban(j, b, 0, 1);
      for (let i = 0; i < j; i++) this.ban(j, b, rows[i][b], 1);
    }
    return this.fill(j, k - 1);
  }

  private fill(j: number, left: number): boolean {
    const { k } = this;
    const row = this.row[j];
    if (left === 0) {
      this.rows.push(row.slice());
      if (this.nextRow(j + 1)) return true;
      this.rows.pop();
      return false;
    }
    // The column with the fewest values left (fail first).
    const size = this.size[j];
    let at = -1;
    for (let a = 1; a < k; a++) if (row[a] < 0 && (at < 0 || size[a] < size[at])) at = a;
    if (size[at] === 0) return false;
    const banned = this.banned[j];
    for (let v = 1; v < k; v++) {
      if (banned[at * k + v]) continue;
      if (++this.nodes > this.maxNodes) return false;
      this.place(j, at, v, 1);
      const done = this.fill(j, left - 1);
      this.place(j, at, v, -1);
      if (done) {
        row[at] = v;
        return true;
      }
      if (this.nodes > this.maxNodes) return false;
    }
    return false;
  }

  /** Value v in column a takes v, and for each earlier row i the difference v − rows[i][a], from every other column. */
  private place(j: number, a: number, v: number, by: 1 | -1): void {
    const { k, rows, addT, subT } = this;
    this.row[j][a] = by > 0 ? v : -1;
    for (let b = 1; b < k; b++) {
      if (b === a) continue;
      this.ban(j, b, v, by);
      for (let i = 0; i < j; i++) this.ban(j, b, addT[subT[v * k + rows[i][a]] * k + rows[i][b]], by);
    }
  }

  private ban(j: number, a: number, v: number, by: 1 | -1): void {
    const banned = this.banned[j];
    const at = a * this.k + v;
    const before = banned[at];
    banned[at] = before + by;
    if (by > 0 && before === 0) this.size[j][a]--;
    else if (by < 0 && before === 1) this.size[j][a]++;
  }
}
