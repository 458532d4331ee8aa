// Relabellings that leave given rounds as they are, and one representative of each class of choices they exchange.

/** A round as the SAT cases fix it: its groups and who sits out. */
export interface FixedRound {
  groups: number[][];
  byes: number[];
}

/**
 * Permutations of 0..n−1 that map every round's groups onto its groups and its sitters onto its sitters, and keep
 * each of `fixed` in place; at most `limit` of them (a subset still gives valid representatives, only more of them).
 */
export function automorphisms(n: number, rounds: FixedRound[], fixed: number[], limit = 20_000): number[][] {
  const blockOf = rounds.map((round) => {
    const b = new Array<number>(n).fill(-1);
    round.groups.forEach((grp, i) => grp.forEach((p) => (b[p] = i)));
    return b;
  });
  const order = [...fixed, ...Array.from({ length: n }, (_, p) => p).filter((p) => !fixed.includes(p))];
  const image = new Array<number>(n).fill(-1);
  const taken = new Array<boolean>(n).fill(false);
  const blockImage = rounds.map((round) => new Array<number>(round.groups.length).fill(-1));
  const blockTaken = rounds.map((round) => new Array<number>(round.groups.length).fill(0));
  const out: number[][] = [];
  const visit = (i: number): void => {
    if (out.length >= limit) return;
    if (i === n) {
      out.push(image.slice());
      return;
    }
    const p = order[i];
    const choices = i < fixed.length ? [p] : Array.from({ length: n }, (_, q) => q);
    for (const q of choices) {
      if (taken[q]) continue;
      let fits = true;
      for (let r = 0; r < rounds.length && fits; r++) {
        const bp = blockOf[r][p];
        const bq = blockOf[r][q];
        if ((bp < 0) !== (bq < 0)) fits = false;
        else if (bp >= 0) fits = blockImage[r][bp] === bq || (blockImage[r][bp] < 0 && blockTaken[r][bq] === 0);
      }
      if (!fits) continue;
      const opened: number[] = [];
      for (let r = 0; r < rounds.length; r++) {
        const bp = blockOf[r][p];
        if (bp >= 0 && blockImage[r][bp] < 0) {
          blockImage[r][bp] = blockOf[r][q];
          blockTaken[r][blockOf[r][q]] = 1;
          opened.push(r);
        }
      }
      image[p] = q;
      taken[q] = true;
      visit(i + 1);
      taken[q] = false;
      image[p] = -1;
      for (const r of opened) {
        blockTaken[r][blockImage[r][blockOf[r][p]]] = 0;
        blockImage[r][blockOf[r][p]] = -1;
      }
    }
  };
  visit(0);
  return out;
}

/**
 * Of `choices` (each a list of point sets), one per class under `perms`: a choice is kept unless it is an image of
 * one kept before it. Every choice is then an image of a kept one, so the kept ones cover all (for a subset of the
 * group as well, only with more kept).
 */
export function representatives(choices: number[][][], perms: number[][]): number[][][] {
  const key = (c: number[][]): string => c.map((set) => set.join(",")).join("|");
  const covered = new Set<string>();
  const kept: number[][][] = [];
  for (const c of choices) {
    const sorted = c.map((set) => [...set].sort((a, b) => a - b));
    if (covered.has(key(sorted))) continue;
    kept.push(sorted);
    for (const perm of perms) covered.add(key(c.map((set) => set.map((p) => perm[p]).sort((a, b) => a - b))));
  }
  return kept;
}
