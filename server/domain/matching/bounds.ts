// How many perfect-stranger rounds n participants in groups of g can have at most, and why.

/** ⌊(n − 1)/(g − 1)⌋: each round brings g − 1 new partners out of n − 1. The figure researchers quote. */
export function strangerBound(n: number, g: number): number {
  return n < g || g < 2 ? 0 : Math.floor((n - 1) / (g - 1));
}

export interface Ceiling {
  /** No schedule of ⌊n/g⌋ groups of g per round, nobody meeting anyone twice, has more rounds than this. */
  rounds: number;
  /** The argument that caps it, in words for reports. */
  reason: string;
}

/**
 * A proven ceiling on perfect-stranger rounds when each round seats ⌊n/g⌋ groups of exactly g and the rest sit
 * out. It can be above `strangerBound` (those sitting out meet nobody that round, so with byes there can be more
 * rounds) or below it (some bounds are unreachable in principle). Like the engine's schedules, it assumes nobody
 * sits out a second time before everyone has sat out once. Not always tight: where no argument below applies, the
 * true maximum may still be lower.
 */
export function strangerCeiling(n: number, g: number): Ceiling {
  if (g < 2 || n < g) return { rounds: 0, reason: "fewer participants than one group" };
  if (g === 2) return { rounds: n % 2 === 0 ? n - 1 : n, reason: "every pair meets once (round robin)" };
  const k = Math.floor(n / g);
  const sitOut = n - k * g;
  // Any later round meets each group of round 1 in g distinct groups or among those sitting out, so each of
  // round 1's k groups sends at least g − k members to sit out: k·(g − k) of them in all.
  if (k < g && k * (g - k) > sitOut) return { rounds: 1, reason: `only ${k} group(s) per round: a second round would have to reseat two members of a round-1 group together` };
  const known = KNOWN_CEILINGS.find((x) => x.n === n && x.g === g);
  const perPlayer = Math.floor((n - 1) / (g - 1));
  // Seats per round (k·g) against seats available (each person can fill at most perPlayer).
  const seats = Math.floor((n * perPlayer) / (k * g));
  const pairs = Math.floor((n * (n - 1)) / (k * g * (g - 1)));
  const options: Ceiling[] = [
    { rounds: seats, reason: sitOut ? `each of ${n} plays at most ${perPlayer} rounds; ${k * g} play each round` : "each round brings g − 1 new partners out of n − 1" },
    { rounds: pairs, reason: "each round uses up k·g(g − 1)/2 of the n(n − 1)/2 pairs" },
  ];
  if (known) options.push(known);
  // n = g² − 1 (g − 1 groups, g − 1 sitting out): a group of any later round holds at most one member of each of
  // round 1's g − 1 groups, so at least one of round 1's sitters, and exactly one, as there are g − 1 groups. That
  // holds between any two rounds, so each round's sitters plus one extra participant form a g-th group that meets
  // every other group at most once: a schedule for g² in groups of g with as many rounds.
  if (n === g * g - 1 && g > 2) {
    const full = strangerCeiling(g * g, g);
    options.push({ rounds: full.rounds, reason: `those sitting out plus one more would form a further group, so ${g * g} in groups of ${g} would have as many rounds: ${full.reason}` });
  }
  return options.reduce((a, b) => (b.rounds < a.rounds ? b : a));
}

/** A ceiling below the counting bounds, from design theory or from an exhaustive search. */
export interface KnownCeiling extends Ceiling {
  n: number;
  g: number;
  /**
   * "search": `exactStrangers` exhausts rounds + 1 (re-run them with `npm run prove:ceilings`); "sat": a SAT solver
   * refutes every case of `gridCases(g, rounds + 1)` for n = g² + 1, of `rowCases(n, g, rounds + 1, { thirdRound: true })` otherwise
   * (`npm run prove:ceilings -- --sat`).
   */
  proof: "literature" | "search" | "sat";
}

/** Non-existence results, where the counting bounds are not reached. */
export const KNOWN_CEILINGS: readonly KnownCeiling[] = [
  // Five rounds of triples for 12 would be a nearly Kirkman triple system NKTS(12), which does not exist.
  { n: 12, g: 3, rounds: 4, reason: "no nearly Kirkman triple system of order 12 (Kotzig & Rosa 1974)", proof: "literature" },
  // Four rounds for 36 in groups of 6 would give two orthogonal Latin squares of order 6 (Euler's officers).
  { n: 36, g: 6, rounds: 3, reason: "no pair of orthogonal Latin squares of order 6 (Tarry 1900)", proof: "literature" },
  // Searched under the engine's sitting-out rule (nobody twice before everyone once); 20 in fours agrees with the
  // social-golfer literature, where 5 weeks is the most for 5 groups of 4.
  { n: 17, g: 4, rounds: 4, reason: "exhaustive search: no 5 rounds of 4 groups of 4 with a different one sitting out each", proof: "search" },
  { n: 20, g: 4, rounds: 5, reason: "exhaustive search: no 6 rounds of 5 groups of 4 (the social golfer problem 5-4-6)", proof: "search" },
  { n: 26, g: 5, rounds: 4, reason: "exhaustive search: no 5 rounds of 5 groups of 5 with a different one sitting out each", proof: "search" },
  // The four cases of gridCases(6, 5), refuted by CaDiCaL 1.5.3 in 23, 13, 7 and 5 minutes.
  { n: 37, g: 6, rounds: 4, reason: "SAT solver: no 5 rounds of 6 groups of 6 with a different one sitting out each", proof: "sat" },
  // The 19 cases of rowCases(30, 5, 7, { thirdRound: true }), refuted by CaDiCaL 1.5.3 in 40 s (7 minutes on round
  // 2 alone, which is the same for all); the social-golfer tables give 6 as the upper end for 6 groups of 5.
  { n: 30, g: 5, rounds: 6, reason: "SAT solver: no 7 rounds of 6 groups of 5 (the social golfer problem 6-5-7)", proof: "sat" },
];

/** The most rounds when every group keeps one participant of each role (n divisible by g): n/g, if g ≤ n/g. */
export function roleCeiling(n: number, g: number): Ceiling {
  if (g < 2 || n < g || n % g !== 0) return { rounds: 0, reason: "roles need n divisible by g" };
  const k = n / g;
  if (k < g) return { rounds: 1, reason: `only ${k} group(s) per round: a second round would reseat two round-1 partners together` };
  return { rounds: k, reason: `each round meets g − 1 of the (g − 1)·${k} participants in other roles` };
}
