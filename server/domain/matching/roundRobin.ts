// Round-robin pairings (the circle method): every pair of n participants meets exactly once.

/** Rounds of groups of participant indexes (0..n−1), and who sits out each round. */
export interface IndexSchedule {
  rounds: number[][][];
  /** byes[r]: indexes sitting out round r (empty when everyone plays). */
  byes: number[][];
}

/**
 * Pairs for groups of two: n − 1 rounds when n is even; n rounds when n is odd, each with one participant
 * sitting out, so everyone sits out exactly once. Both are the most any schedule can reach: with n even each
 * participant has n − 1 others to meet, one per round; with n odd only (n − 1)/2 pairs fit in a round.
 */
export function roundRobin(n: number): IndexSchedule {
  if (n < 2) return { rounds: [], byes: [] };
  // Circle method: fix the last seat, rotate the others one place each round. An odd n gets a ghost
  // participant; whoever is paired with the ghost sits that round out.
  const m = n % 2 === 0 ? n : n + 1;
  const ghost = n % 2 === 0 ? -1 : m - 1;
  const rounds: number[][][] = [];
  const byes: number[][] = [];
  for (let r = 0; r < m - 1; r++) {
    const seat = (i: number): number => (i === m - 1 ? m - 1 : (i + r) % (m - 1));
    const groups: number[][] = [];
    const out: number[] = [];
    for (let i = 0; i < m / 2; i++) {
      const a = seat(i);
      const b = seat(m - 1 - i);
      if (a === ghost) out.push(b);
      else if (b === ghost) out.push(a);
      else groups.push(a < b ? [a, b] : [b, a]);
    }
    rounds.push(groups);
    byes.push(out);
  }
  return { rounds, byes };
}
