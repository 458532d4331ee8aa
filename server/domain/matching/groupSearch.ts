// Finds the earliest-arriving group that fills category quotas and whose members all fit together.
import type { Waiting } from "./arrival.js";

/** Category quotas read from one participant attribute, e.g. { attribute: "gender", counts: { M: 2, F: 2 } }. */
export interface Quotas {
  attribute: string;
  /** Members of each category per group; they add up to the group size. */
  counts: Readonly<Record<string, number>>;
}

export interface FindOptions {
  /** Quotas every group must fill exactly. Default: none. */
  quotas?: Quotas;
  /** Whether two participants may share a group (e.g. "have not met"). Default: always. */
  fits?: (a: Waiting, b: Waiting) => boolean;
  /** Search nodes allowed before giving up (a lobby of hundreds can make the search explode). Default 20 000. */
  budget?: number;
}

/** The category a quota counts the participant in, or undefined when they have none the quotas name. */
export function categoryOf(w: Waiting, quotas: Quotas): string | undefined {
  const c = w.attributes?.[quotas.attribute];
  return c !== undefined && Object.hasOwn(quotas.counts, c) && quotas.counts[c] > 0 ? c : undefined;
}

/**
 * Of all valid groups of `size` among `candidates` (in arrival order), the first in arrival order: it holds the
 * earliest arrival who can be grouped at all, then the earliest who can join them, and so on. Null when there is
 * none (or the search budget ran out). Candidates without a quota category are never chosen.
 */
export function findGroup(candidates: readonly Waiting[], size: number, options: FindOptions = {}): Waiting[] | null {
  const { quotas, fits } = options;
  let nodes = options.budget ?? 20_000;
  const cats = candidates.map((w) => (quotas ? categoryOf(w, quotas) : ""));
  const need: Record<string, number> = quotas ? { ...quotas.counts } : { "": size };
  // left[i][c]: how many of category c are at index i or later, to prune branches that cannot fill a quota.
  const left: Array<Record<string, number>> = new Array(candidates.length + 1);
  left[candidates.length] = {};
  for (let i = candidates.length - 1; i >= 0; i--) {
    left[i] = { ...left[i + 1] };
    const c = cats[i];
    if (c !== undefined) left[i][c] = (left[i][c] ?? 0) + 1;
  }
  const chosen: Waiting[] = [];
  const feasible = (from: number): boolean => Object.entries(need).every(([c, k]) => (left[from][c] ?? 0) >= k);
  const search = (from: number): boolean => {
    if (chosen.length === size) return true;
    if (--nodes < 0 || !feasible(from)) return false;
    for (let i = from; i < candidates.length; i++) {
      const c = cats[i];
      if (c === undefined || need[c] === 0) continue;
      const w = candidates[i];
      if (fits && !chosen.every((m) => fits(m, w))) continue;
      chosen.push(w);
      need[c]--;
      if (search(i + 1)) return true;
      chosen.pop();
      need[c]++;
      if (nodes < 0 || !feasible(i + 1)) return false;
    }
    return false;
  };
  return search(0) ? chosen.slice() : null;
}
