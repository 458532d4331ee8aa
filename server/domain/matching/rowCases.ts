// The relabelling cases for any n ≥ g² (round 1 as rows, round 2 by its shape), whose refutation proves a ceiling.
import type { IndexSchedule } from "./roundRobin.js";
import { automorphisms, representatives, type FixedRound } from "./roundSymmetry.js";
import { StrangerFormula, variable, type CnfCase } from "./strangerCnf.js";

/**
 * The cases that together hold every schedule of `rounds` rounds of n = g·k + s in k groups of g (s sitting out each
 * round, nobody twice), up to relabelling, for any n ≥ g²: the schedule exists iff some case is satisfiable.
 *
 * Why the cases cover everything: round 1 seats the rows (participants i·g … i·g + g − 1 form row i) and α₁ … α_s
 * (= k·g …) sit out. Round 2's sitters come from the rows; relabelled, row i gives up its first t_i members with
 * t_0 ≥ t_1 ≥ … (a partition of s). A group of round 2 holds at most one member of each row and any number of the α,
 * so it has a type (which rows, how many α), and the k types used form a multiset in which row i appears g − t_i
 * times and the α s times; rows with the same t_i are interchangeable, so each multiset is taken once, in the
 * least form under their permutations. Who fills which group is then fixed by relabelling within each row: its
 * members go to its groups in order. That is one case per (partition, multiset), and round 2 is fixed in each.
 * From round 3 on, the rounds come in increasing order of their least sitter (for s = 0, of participant 0's least
 * partner), α₁ (for s = 0, participant 0) is in group 0, and the other groups are numbered by their least member.
 * Needs 3 ≤ rounds, k ≥ g and s·rounds ≤ n; meant for small k (the permutations of equal rows are enumerated).
 */
export function rowCases(n: number, g: number, rounds: number, options: RowCaseOptions = {}): CnfCase[] {
  const k = Math.floor(n / g);
  const s = n - k * g;
  if (g < 3 || k < g || rounds < 3 || s * rounds > n) throw new Error("rowCases needs g ≥ 3, n ≥ g², rounds ≥ 3 and s·rounds ≤ n");
  const rows = Array.from({ length: k }, (_, i) => Array.from({ length: g }, (_, j) => i * g + j));
  const first: FixedRound = { groups: rows, byes: Array.from({ length: s }, (_, a) => k * g + a) };
  const anchor = s > 0 ? k * g : 0;
  // Round 2's shapes and, if asked, the later round's choices for each, counted before any formula is built.
  const plans: Array<{ name: string; second: FixedRound; thirds: Array<{ group: number[]; byes: number[] } | null> }> = [];
  for (const taken of partitions(s, g, k)) {
    const t = Array.from({ length: k }, (_, i) => taken[i] ?? 0);
    for (const types of roundTwoTypes(k, g, s, t)) {
      const next = t.slice();
      let alpha = 0;
      const groups = types.map(({ rows: used, alphas }) => {
        const grp = used.map((i) => i * g + next[i]++);
        for (let a = 0; a < alphas; a++) grp.push(k * g + alpha++);
        return grp.sort((a, b) => a - b);
      });
      const second: FixedRound = { groups, byes: t.flatMap((ti, i) => Array.from({ length: ti }, (_, j) => i * g + j)) };
      const name = `round 2: ${s ? `sitters from rows ${taken.join("+")}; ` : ""}${types.map(({ rows: used, alphas }) => used.join("") + "α".repeat(alphas)).join(" ")}`;
      plans.push({ name, second, thirds: options.thirdRound ? roundThreeChoices(n, g, first, second, anchor) : [null] });
    }
  }
  const count = plans.reduce((sum, plan) => sum + plan.thirds.length, 0);
  if (count > MAX_CASES) throw new Error(`${n} in groups of ${g}: ${count} cases, more than ${MAX_CASES}; split on round 2 alone (without thirdRound)`);
  const out: CnfCase[] = [];
  for (const { name, second, thirds } of plans) {
    for (const third of thirds) {
      const f = new StrangerFormula(n, g, rounds);
      f.fixRound(0, first.groups, first.byes);
      f.fixRound(1, second.groups, second.byes);
      for (let r = 2; r < rounds; r++) {
        f.unit(f.x(anchor, r, 0));
        f.groupsByLeastMember(r, 1);
      }
      const ordered = third ? 3 : 2;
      if (third) {
        for (const p of third.group) f.unit(f.x(p, 2, 0));
        for (const p of third.byes) f.unit(f.x(p, 2, k));
      }
      if (s > 0) f.roundsBySitter(ordered);
      else f.roundsByGroupZero(ordered);
      const label = third ? `${name}; round 3: ${third.group.join(",")}${third.byes.length ? ` out ${third.byes.join(",")}` : ""}` : name;
      out.push({ name: label, cnf: f.cnf(), fixed: { rounds: [first.groups, second.groups], byes: [first.byes, second.byes] } });
    }
  }
  return out;
}

/** The most cases rowCases builds formulas for (each holds its whole formula; some thousand fill the heap). */
export const MAX_CASES = 2000;

/** How finely rowCases splits. */
export interface RowCaseOptions {
  /**
   * Also fix, in each case, one later round's sitters and the anchor's group in it (α₁'s; for s = 0, participant
   * 0's), one choice per class under the relabellings that keep rounds 1 and 2; the rounds after it are then ordered.
   * More cases, each far smaller.
   */
  thirdRound?: boolean;
}

/**
 * For a later round: who sits out and the anchor's group, every choice that can follow rounds 1 and 2 (sitters not
 * yet out, the group's members strangers to each other so far), one per class under the relabellings that keep
 * rounds 1 and 2 and the anchor.
 */
function roundThreeChoices(n: number, g: number, first: FixedRound, second: FixedRound, anchor: number): Array<{ group: number[]; byes: number[] }> {
  const met = new Set<number>();
  for (const round of [first, second]) for (const grp of round.groups) for (const p of grp) for (const q of grp) met.add(p * n + q);
  const s = first.byes.length;
  const out = new Set([...first.byes, ...second.byes]);
  const pickSets = (pool: number[], size: number, ok: (chosen: number[], p: number) => boolean): number[][] => {
    const found: number[][] = [];
    const chosen: number[] = [];
    const visit = (from: number): void => {
      if (chosen.length === size) {
        found.push(chosen.slice());
        return;
      }
      for (let i = from; i < pool.length; i++) {
        if (!ok(chosen, pool[i])) continue;
        chosen.push(pool[i]);
        visit(i + 1);
        chosen.pop();
      }
    };
    visit(0);
    return found;
  };
  const everyone = Array.from({ length: n }, (_, p) => p);
  const perms = automorphisms(n, [first, second], [anchor]);
  // The sitters first, one per class; then the group, one per class under what keeps those sitters.
  const result: Array<{ group: number[]; byes: number[] }> = [];
  for (const [byes] of representatives(pickSets(everyone.filter((p) => !out.has(p)), s, () => true).map((b) => [b]), perms)) {
    const keep = perms.filter((perm) => byes.every((p) => byes.includes(perm[p])));
    const pool = everyone.filter((p) => p !== anchor && !byes.includes(p) && !met.has(anchor * n + p));
    const groups = pickSets(pool, g - 1, (chosen, p) => chosen.every((q) => !met.has(q * n + p))).map((rest) => [[anchor, ...rest]]);
    for (const [group] of representatives(groups, keep)) result.push({ group, byes });
  }
  return result;
}

/**
 * The case of `cases` (from rowCases) that a schedule falls in, relabelled as the argument of rowCases says, with the
 * unit literals that pin the relabelled schedule: a check that the cases really cover it (the formula plus the units
 * must be satisfiable). Null if no case fits, which would mean the cases miss a schedule.
 */
export function rowCaseOf(n: number, g: number, schedule: IndexSchedule, cases: CnfCase[]): { index: number; units: number[] } | null {
  const k = Math.floor(n / g);
  const s = n - k * g;
  const rounds = schedule.rounds.length;
  const rowOf = new Map<number, number>();
  schedule.rounds[0].forEach((grp, i) => grp.forEach((p) => rowOf.set(p, i)));
  const caseRow = (p: number): number => (p < k * g ? Math.floor(p / g) : -1);
  const typeKey = (grp: number[], row: (p: number) => number): string => grp.map(row).sort((a, b) => a - b).join(",");
  const sitterRows = (byes: number[], row: (p: number) => number): string => byes.map(row).sort((a, b) => a - b).join(",");
  for (let index = 0; index < cases.length; index++) {
    const fixed = cases[index].fixed!;
    const caseTypes = fixed.rounds[1].map((grp) => typeKey(grp, caseRow));
    for (const perm of allPermutations(k)) {
      const row = (p: number): number => (rowOf.has(p) ? perm[rowOf.get(p)!] : -1);
      const mine = schedule.rounds[1].map((grp) => typeKey(grp, row));
      if ([...mine].sort().join(" ") !== [...caseTypes].sort().join(" ")) continue;
      if (sitterRows(schedule.byes[1], row) !== sitterRows(fixed.byes[1], caseRow)) continue;
      // Match groups of equal type in order, then members within each (row, group) and the sitters by row.
      const sigma = new Map<number, number>();
      const used = new Set<number>();
      const place = (from: number[], to: number[]): void => {
        for (const key of new Set(from.map(row))) {
          const a = from.filter((p) => row(p) === key);
          const b = to.filter((q) => caseRow(q) === key);
          a.forEach((p, i) => sigma.set(p, b[i]));
        }
      };
      schedule.rounds[1].forEach((grp, j) => {
        const target = caseTypes.findIndex((t, c) => t === mine[j] && !used.has(c));
        used.add(target);
        place(grp, fixed.rounds[1][target]);
      });
      place(schedule.byes[1], fixed.byes[1]);
      const relabel = (grp: number[]): number[] => grp.map((p) => sigma.get(p)!).sort((a, b) => a - b);
      const first = schedule.rounds[0].map(relabel);
      const rowsMatch = first.every((grp) => grp.every((q) => caseRow(q) === caseRow(grp[0])));
      if (sigma.size !== n || new Set(sigma.values()).size !== n || !rowsMatch) continue;
      const anchor = s > 0 ? k * g : 0;
      const later = schedule.rounds.slice(2).map((round, i) => ({ groups: round.map(relabel), byes: relabel(schedule.byes[i + 2]) }));
      const key = (x: { groups: number[][]; byes: number[] }): number => (s > 0 ? x.byes[0] : x.groups.find((grp) => grp.includes(0))!.filter((p) => p !== 0)[0]);
      later.sort((a, b) => key(a) - key(b));
      const all = [{ groups: fixed.rounds[0], byes: fixed.byes[0] }, { groups: fixed.rounds[1], byes: fixed.byes[1] }, ...later.map((x) => ({
        groups: [x.groups.find((grp) => grp.includes(anchor))!, ...x.groups.filter((grp) => !grp.includes(anchor)).sort((a, b) => a[0] - b[0])],
        byes: x.byes,
      }))];
      const units: number[] = [];
      all.forEach((x, r) => {
        x.groups.forEach((grp, b) => grp.forEach((p) => units.push(variable(n, g, rounds, p, r, b))));
        x.byes.forEach((p) => units.push(variable(n, g, rounds, p, r, k)));
      });
      return { index, units };
    }
  }
  return null;
}

/** Every permutation of 0..k−1. */
function allPermutations(k: number): number[][] {
  return rowPermutations(Array.from({ length: k }, () => 0));
}

/** Partitions of s into at most `parts` parts of at most `most`, largest first. */
function partitions(s: number, most: number, parts: number): number[][] {
  if (s === 0) return [[]];
  if (parts === 0) return [];
  const out: number[][] = [];
  for (let first = Math.min(s, most); first >= 1; first--) for (const rest of partitions(s - first, first, parts - 1)) out.push([first, ...rest]);
  return out;
}

interface GroupType {
  rows: number[];
  alphas: number;
}

/**
 * Every multiset of k group types for round 2 in which row i is used g − t[i] times and the α s times, one per class
 * under permuting rows with equal t (the least form, comparing types as sorted lists).
 */
function roundTwoTypes(k: number, g: number, s: number, t: number[]): GroupType[][] {
  const types: GroupType[] = [];
  for (let mask = 0; mask < 1 << k; mask++) {
    const rows = Array.from({ length: k }, (_, i) => i).filter((i) => mask & (1 << i));
    if (rows.length <= g && g - rows.length <= s) types.push({ rows, alphas: g - rows.length });
  }
  const need = t.map((ti) => g - ti);
  const found: GroupType[][] = [];
  const pick: number[] = [];
  let alphasLeft = s;
  const visit = (from: number): void => {
    if (pick.length === k) {
      if (alphasLeft === 0 && need.every((x) => x === 0)) found.push(pick.map((i) => types[i]));
      return;
    }
    for (let i = from; i < types.length; i++) {
      const ty = types[i];
      if (ty.alphas > alphasLeft || ty.rows.some((r) => need[r] === 0)) continue;
      // Prune: the groups left must be able to use every row still needed.
      const left = k - pick.length - 1;
      ty.rows.forEach((r) => need[r]--);
      alphasLeft -= ty.alphas;
      if (need.every((x) => x <= left)) {
        pick.push(i);
        visit(i);
        pick.pop();
      }
      alphasLeft += ty.alphas;
      ty.rows.forEach((r) => need[r]++);
    }
  };
  visit(0);
  const perms = rowPermutations(t);
  const key = (set: GroupType[], perm: number[]): string =>
    set.map(({ rows, alphas }) => rows.map((r) => perm[r]).sort((a, b) => a - b).join(",") + "|" + alphas).sort().join(" ");
  const seen = new Set<string>();
  const out: GroupType[][] = [];
  for (const set of found) {
    let least = "";
    for (const perm of perms) {
      const kk = key(set, perm);
      if (least === "" || kk < least) least = kk;
    }
    if (seen.has(least)) continue;
    seen.add(least);
    out.push(set);
  }
  return out;
}

/** Every permutation of 0..k−1 that only exchanges rows with equal t. */
function rowPermutations(t: number[]): number[][] {
  let perms: number[][] = [[]];
  for (let i = 0; i < t.length; i++) {
    const next: number[][] = [];
    for (const p of perms) {
      for (let j = 0; j < t.length; j++) if (t[j] === t[i] && !p.includes(j)) next.push([...p, j]);
    }
    perms = next;
  }
  return perms;
}
