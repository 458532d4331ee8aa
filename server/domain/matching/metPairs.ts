// The met-pairs record of a session: who has shared a group with whom, how often and when last (plain JSON).

/** How often two participants have shared a group, and when they last did. */
export interface Meeting {
  count: number;
  /** When they last met (epoch ms of the group's formation, as given to `recordGroups`). */
  last: number;
}

/** Plain, JSON-serialisable data, so the store can persist it with the session and the export can carry it. */
export interface MetPairs {
  /** Keyed by `pairKey(a, b)`; a pair that never met has no entry. */
  pairs: Record<string, Meeting>;
}

/** A re-meeting a group allowed: the pair and their meeting before this one. */
export interface Remeeting {
  a: string;
  b: string;
  /** Times met before this group. */
  count: number;
  last: number;
}

export const emptyMetPairs = (): MetPairs => ({ pairs: {} });

/** Order-free key of a pair; JSON-encoded so that no id, whatever characters it holds, can collide. */
export const pairKey = (a: string, b: string): string => JSON.stringify(a < b ? [a, b] : [b, a]);

export function meeting(met: MetPairs, a: string, b: string): Meeting | undefined {
  return Object.hasOwn(met.pairs, pairKey(a, b)) ? met.pairs[pairKey(a, b)] : undefined;
}

export const hasMet = (met: MetPairs, a: string, b: string): boolean => meeting(met, a, b) !== undefined;

/** Pairs of `group` who have met before, earliest listed member first. */
export function remeetingsIn(met: MetPairs, group: readonly string[]): Remeeting[] {
  const out: Remeeting[] = [];
  for (let i = 0; i < group.length; i++) {
    for (let j = i + 1; j < group.length; j++) {
      const m = meeting(met, group[i], group[j]);
      if (m) out.push({ a: group[i], b: group[j], count: m.count, last: m.last });
    }
  }
  return out;
}

/** A new record with every pair of every group counted once more, met last at `at`. The input is not changed. */
export function recordGroups(met: MetPairs, groups: readonly (readonly string[])[], at: number): MetPairs {
  const pairs = { ...met.pairs };
  for (const group of groups) {
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const key = pairKey(group[i], group[j]);
        const before = Object.hasOwn(pairs, key) ? pairs[key].count : 0;
        pairs[key] = { count: before + 1, last: at };
      }
    }
  }
  return { pairs };
}

/** One row per pair that met, for the export's meeting report. */
export interface MeetingRow {
  a: string;
  b: string;
  count: number;
  last: number;
}

/**
 * The meeting report: every pair that met, most-met first, and the totals a reader checks first — under
 * perfect or rolling strangers `repeatPairs` is 0 unless a declared fallback allowed (and flagged) re-meetings.
 */
export function meetingReport(met: MetPairs): { rows: MeetingRow[]; pairs: number; repeatPairs: number; repeatMeetings: number } {
  const rows = Object.entries(met.pairs).map(([key, m]) => {
    const [a, b] = JSON.parse(key) as [string, string];
    return { a, b, count: m.count, last: m.last };
  });
  rows.sort((x, y) => y.count - x.count || (x.a < y.a ? -1 : x.a > y.a ? 1 : x.b < y.b ? -1 : x.b > y.b ? 1 : 0));
  const repeats = rows.filter((r) => r.count > 1);
  return { rows, pairs: rows.length, repeatPairs: repeats.length, repeatMeetings: repeats.reduce((s, r) => s + r.count - 1, 0) };
}
