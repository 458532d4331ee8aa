// Perfect-stranger schedules built on transversal designs: across role columns, then inside them, with spare participants.
import { hasTransversal, partialTransversal, transversalSchedule } from "./transversal.js";
import type { IndexSchedule } from "./roundRobin.js";

/**
 * The most rounds the transversal constructions give n participants in groups of g, or null where none applies.
 * With n = g·k + e (0 ≤ e < g, e ≤ k) and a transversal design of g roles (g + 1 when e > 0) on k rows, participants are g role
 * columns of k rows, plus e spares on rows of a further column. The design's k rounds seat each line of the
 * columns as a group: everyone meets everyone outside their own column once, and a line holding a spare has g + 1
 * members, one of whom sits out. Pairs inside a column are still unmet, so "column rounds" follow: every column is
 * seated alike by `inner(k, rounds)` (the best schedule for k in groups of g, or one of that many rounds), and the
 * r = k mod g rows it leaves out form row groups, one participant per column (plus that row's spare). Rows across columns meet in the design's row
 * round (round 0), so with r > 0 that round is left out; a row sits out of the columns at most once, and a spare
 * whose row is not left out sits the column round out, so with spares there are at most two column rounds.
 * Everyone sits out at most once: who sits out of a group of g + 1 is a matching of those places to distinct
 * participants (Kuhn's augmenting paths). Where g or more spares fit on fewer rows, `manySpares` may do better; the
 * plan with the most rounds is returned. Without spares and without a design for g roles, the last role may join
 * part of the rounds of one for g − 1 (`partialTransversal`: 84 in sevens, 9 rounds; 90 in sixes, 12).
 */
export function transversalPlan(n: number, g: number, inner: (k: number, rounds: number) => IndexSchedule): IndexSchedule | null {
  const k = Math.floor(n / g);
  const e = n - g * k;
  const spares = manySpares(n, g);
  if (g < 2 || k < 1 || e > k || !hasTransversal(e > 0 ? g + 1 : g, k)) {
    const partial = e === 0 && k > 1 ? partialTransversal(g, k) : null;
    return partial && partial.rounds.length > (spares?.rounds.length ?? 0) ? partial : spares;
  }
  const r = k % g;
  // With spares two column rounds at most are used, so `inner` is asked for no more (Infinity: as many as it has).
  const within = inner(k, e > 0 ? 2 : Infinity);
  // Column rounds whose rows left out are new each time (so no row group repeats).
  const usable: number[] = [];
  const leftOut = new Set<number>();
  for (let i = 0; i < within.rounds.length && within.byes[i].every((y) => !leftOut.has(y)); i++) {
    usable.push(i);
    within.byes[i].forEach((y) => leftOut.add(y));
  }
  const plans: Array<{ rowRound: boolean; columns: number[] }> = [];
  // Every design round, then column rounds without row groups: all of them without spares, one with (spares sit it out).
  plans.push({ rowRound: true, columns: r > 0 ? [] : usable.slice(0, e > 0 ? 1 : usable.length) });
  // Without the row round: column rounds with row groups.
  if (r > 0) plans.push({ rowRound: false, columns: usable.slice(0, e > 0 ? 2 : usable.length) });
  let best: IndexSchedule | null = spares;
  for (const plan of plans) {
    const built = build(g, k, e, plan.rowRound, plan.columns.map((i) => ({ groups: within.rounds[i], rows: within.byes[i] })));
    if (built && (!best || built.rounds.length > best.rounds.length)) best = built;
  }
  return best;
}

interface ColumnRound {
  /** Groups of rows, each seated in every column. */
  groups: number[][];
  /** Rows left out of the columns: each forms a row group. */
  rows: number[];
}

/**
 * Participant j·k + y is row y of column j (j < g); g·k + i is spare i, on row spareRows[i] of column g. Spares sit
 * on rows left out by the column rounds, so that each sits out of at most one of them.
 */
function build(g: number, k: number, e: number, rowRound: boolean, columnRounds: ColumnRound[]): IndexSchedule | null {
  const n = g * k + e;
  const leftOut = columnRounds.flatMap((c) => c.rows);
  const spareRows = [...leftOut, ...Array.from({ length: k }, (_, y) => y).filter((y) => !leftOut.includes(y))].slice(0, e);
  const spareAt = new Map(spareRows.map((y, i) => [y, g * k + i]));
  const design = e > 0 ? transversalSchedule(g + 1, k)! : transversalSchedule(g, k)!;
  const rounds: number[][][] = [];
  const forced: number[][] = [];
  for (const groups of rowRound ? design.rounds : design.rounds.slice(1)) {
    rounds.push(groups.map((grp) => grp.flatMap((p) => (p < g * k ? [p] : spareAt.has(p - g * k) ? [spareAt.get(p - g * k)!] : []))));
    forced.push([]);
  }
  for (const c of columnRounds) {
    const groups = Array.from({ length: g }, (_, col) => c.groups.map((grp) => grp.map((y) => col * k + y))).flat();
    for (const y of c.rows) groups.push([...Array.from({ length: g }, (_, col) => col * k + y), ...(spareAt.has(y) ? [spareAt.get(y)!] : [])]);
    rounds.push(groups);
    forced.push(spareRows.filter((y) => !c.rows.includes(y)).map((y) => spareAt.get(y)!));
  }
  // Each group of g + 1 sends one member out; nobody sits out twice (forced spares included).
  const used = new Int32Array(n).fill(-1); // the place p sits out for; −2: a forced sit-out
  for (const p of forced.flat()) {
    if (used[p] === -2) return null;
    used[p] = -2;
  }
  const places: Array<[number, number]> = [];
  rounds.forEach((groups, r) => groups.forEach((grp, b) => grp.length > g && places.push([r, b])));
  const seat = (i: number, seen: Uint8Array): boolean => {
    const [r, b] = places[i];
    for (const p of rounds[r][b]) {
      if (seen[p] || used[p] < -1) continue;
      seen[p] = 1;
      if (used[p] < 0 || seat(used[p], seen)) {
        used[p] = i;
        return true;
      }
    }
    return false;
  };
  for (let i = 0; i < places.length; i++) if (!seat(i, new Uint8Array(n))) return null;
  const byes = forced.map((ps) => [...ps]);
  for (let p = 0; p < n; p++) {
    if (used[p] < 0) continue;
    const [r, b] = places[used[p]];
    byes[r].push(p);
    rounds[r][b] = rounds[r][b].filter((x) => x !== p);
  }
  return { rounds, byes: byes.map((b) => b.sort((x, y) => x - y)) };
}

/**
 * Up to q rounds for n = g·q + e with g ≤ e ≤ q spares, on the design with g + 1 columns of q
 * (`transversalSchedule`), for the largest such q: in each round the lines holding a spare give up their member of
 * one column, and those e members of one column (who have not met: nobody meets inside their column in the design)
 * form ⌊e/g⌋ groups, the other e mod g sitting out. The column is the first from a mod g on in which groups can be
 * chosen so that no pair meets twice and nobody sits out twice; a round with no such column is left out. Null when
 * no q fits.
 */
function manySpares(n: number, g: number): IndexSchedule | null {
  for (let q = Math.floor(n / g) - 1; q > g && n - g * q <= q; q--) {
    if (n - g * q < g || !hasTransversal(g + 1, q)) continue;
    const built = buildManySpares(g, q, n - g * q);
    if (built) return built;
  }
  return null;
}

function buildManySpares(g: number, q: number, e: number): IndexSchedule | null {
  const n = g * q + e;
  const design = transversalSchedule(g + 1, q)!;
  const met = new Set<number>();
  const satOut = new Uint8Array(n);
  const rounds: number[][][] = [];
  const byes: number[][] = [];
  for (let a = 0; a < design.rounds.length; a++) {
    const lines = design.rounds[a].map((line) => line.filter((p) => p < n)); // role g beyond row e − 1 is no one
    // The first column (from a mod g on) whose members of the spares' lines can be grouped; else the round is dropped.
    for (let c = 0; c < g; c++) {
      const column = (a + c) % g;
      const left = lines.filter((l) => l.length > g).map((l) => l.find((p) => Math.floor(p / q) === column)!);
      const split = splitColumn(left, g, met, satOut);
      if (!split) continue;
      for (const grp of split.groups) for (const x of grp) for (const y of grp) if (x < y) met.add(x * n + y);
      split.out.forEach((p) => (satOut[p] = 1));
      rounds.push([...lines.map((l) => (l.length > g ? l.filter((p) => !left.includes(p)) : l)), ...split.groups]);
      byes.push(split.out.sort((x, y) => x - y));
      break;
    }
  }
  return rounds.length > 0 ? { rounds, byes } : null;
}

/** Placements one column split may try before it is given up. */
const SPLIT_STEPS = 5_000;

/** Groups of g from `points` (one column) with no pair in `met`, the rest (fewer than g) sitting out for the first time. */
function splitColumn(points: number[], g: number, met: Set<number>, satOut: Uint8Array): { groups: number[][]; out: number[] } | null {
  const n = satOut.length;
  const outCount = points.length % g;
  const state = new Uint8Array(points.length); // 0 unplaced, 1 in a group, 2 sitting out
  const groups: number[][] = [];
  // Indices into points of the groups being grown, each a segment from its start; a failed branch pops what it pushed.
  const stack: number[] = [];
  let sitting = 0;
  let steps = 0;
  const fresh = (x: number, y: number): boolean => !met.has(x < y ? x * n + y : y * n + x);
  // Depth-first: the first unplaced point opens a group with later compatible ones, or else sits out. A split that
  // takes more than SPLIT_STEPS placements is given up (as failing), which bounds the time a round can take.
  const place = (): boolean => {
    if (++steps > SPLIT_STEPS) return false;
    const first = state.indexOf(0);
    if (first < 0) return true;
    state[first] = 1;
    stack.push(first);
    if (grow(stack.length - 1, first + 1)) return true;
    stack.pop();
    state[first] = 0;
    if (sitting === outCount || satOut[points[first]]) return false;
    state[first] = 2;
    sitting++;
    if (place()) return true;
    state[first] = 0;
    sitting--;
    return false;
  };
  // The group stack[start..] so far: complete it with points from `from` on that have met none of its members.
  const grow = (start: number, from: number): boolean => {
    if (stack.length - start === g) {
      groups.push(stack.slice(start).map((i) => points[i]));
      if (place()) return true;
      groups.pop();
      return false;
    }
    for (let i = from; i < points.length; i++) {
      if (state[i]) continue;
      let fits = true;
      for (let s = start; s < stack.length && fits; s++) fits = fresh(points[i], points[stack[s]]);
      if (!fits) continue;
      state[i] = 1;
      stack.push(i);
      if (grow(start, i + 1)) return true;
      stack.pop();
      state[i] = 0;
    }
    return false;
  };
  if (!place()) return null;
  return { groups, out: points.filter((_, i) => state[i] === 2) };
}
