// Perfect-stranger schedules for a known cohort: the best construction or search, relabelled by the session's Rng.
import { createRng, type Rng } from "../rng.js";
import { affineDimension, affineSchedule } from "./affine.js";
import { roleCeiling, strangerCeiling } from "./bounds.js";
import { cyclicStrangers } from "./cyclicDesign.js";
import { multiCyclicStrangers } from "./cyclicMulti.js";
import { oneRotational } from "./oneRotational.js";
import { exactStrangers, extendStrangers } from "./exactSearch.js";
import { growSchedule } from "./growSchedule.js";
import { hermitianUnital } from "./hermitianUnital.js";
import { planeWithExtras } from "./planeWithExtras.js";
import { projectivePacking } from "./projectivePacking.js";
import { resolvableFoursSchedule } from "./resolvableFours.js";
import { isPerfectStrangerSchedule } from "./scheduleCheck.js";
import { rotationalStrangers } from "./rotationalDesign.js";
import { roundRobin, type IndexSchedule } from "./roundRobin.js";
import { developStored, storedDesign } from "./storedDesigns.js";
import { searchStrangers } from "./strangerSearch.js";
import { transversalSchedule } from "./transversal.js";
import { transversalPlan } from "./transversalPlans.js";

/** No game has more rounds (game.rounds ≤ 200), so no search aims higher. */
const MAX_ROUNDS = 200;
/** Search work when `budget` is unset (the stranger search's default). */
const DEFAULT_BUDGET = 5_000_000;
/**
 * Shares of `budget` without roles: the cyclic design search, the search over several base rounds, then the
 * round-by-round search (less after a design).
 */
const CYCLIC_SHARE = 0.45;
const MULTI_SHARE = 0.15;
const SEARCH_SHARE = 0.15;
const SEARCH_SHARE_AFTER_CYCLIC = 0.05;
/**
 * Work for the multiplier designs over GF(q), on top of the shares above, in their own (cheaper) units: they fit few
 * (n, g), each in q rounds at or near the bound, and where they fit the other methods stall short of it. 0.1 × the
 * default budget is 500 000 units, about 15 ms; the most a design the engine keeps needs is 33 618 (74 and 75 in
 * threes). Where none is found (95 and 96 in sixes, 96 in fours) the whole share is spent for nothing: at 2.4 × the
 * default, as before, that was about a third of a second, and no schedule of the benchmark changed when it was cut.
 */
const ROTATIONAL_SHARE = 0.1;
/**
 * Nodes for the exhaustive search where a cohort of at most 24 is still short of its ceiling, as a share of the
 * total: 0.2 × the default budget is a million nodes, 0.05–0.14 s here. That settles a round more only for small
 * cohorts (18 in fours takes 9 000 nodes; showing that 17 in fours has no fifth round, 80 000).
 */
const EXACT_SHARE = 0.2;
/**
 * Nodes for completing the best schedule found by exhaustive search (one round more on top of it, or two in place
 * of its last), as a share of the total: 0.1 × the default budget is half a million nodes, up to about 0.05 s here.
 * Transversal plans often leave room for a round (60 in sixes: 6 → 7; 96 in eights: 8 → 10).
 */
const EXTEND_SHARE = 0.1;
/**
 * Work for the schedule of the cohort one smaller, which `growSchedule` gives one participant more, as a share of
 * the cohort's own work. That schedule is built lean (constructions, stored designs and completion, no searches:
 * nearly every grown schedule that gains starts from a construction), and may grow from one smaller still, each
 * with this share. Grown schedules serve where a construction needs a cohort of a fixed size: 72 in sixes has 13
 * rounds, and so 73 to 75, where the searches found 10 or 11; 81 in eights 9, and 82 where they found 4.
 */
const GROW_SOURCE_SHARE = 0.25;
/**
 * Work for giving that schedule one participant more (see GrowOptions.budget), as a share of the total: 0.3 × the
 * default budget is 1.5 million, up to about 0.1 s. Half of what is left goes to each number of rounds tried but
 * the last.
 */
const GROW_SHARE = 0.3;
/** Above this many participants a million nodes settles nothing, so the engine does not search afresh (proofs go to 128). */
const EXACT_RUNTIME_N = 24;

export type ScheduleMethod = "roundRobin" | "affine" | "resolvable" | "transversal" | "planeWithExtras" | "stored" | "grown" | "shrunk" | "rotational" | "cyclic" | "search" | "exact" | "none";

export interface ScheduleOptions {
  /**
   * Keep roles: participant i sits in round 1's group ⌊i/g⌋ at seat i mod g, and keeps that seat (id in group)
   * in every round; each group then holds one participant of each seat. Needs n divisible by g. Default false.
   */
  preserveRoles?: boolean;
  /**
   * Work allowed where no construction reaches the ceiling: without roles the cyclic design search gets 45 % of it
   * in its own units (see CyclicOptions.budget), the search over several base rounds 15 % (same units, see
   * MultiOptions.budget), then the stranger search 15 % (5 % once a cyclic design was found, as it then rarely does
   * better), or what the cyclic searches left of their 60 % if that is more (see SearchOptions.budget); with roles
   * the stranger search gets all of it. Where a multiplier design over GF(q) fits, it gets a tenth of this, in its own
   * units, before the others (see RotationalOptions.budget). Before those, where n mod g ≥ 1, the schedule for n − 1
   * is built lean with 25 % of it and grown by one participant with 30 % (see GrowOptions.budget). Then the
   * exhaustive search completes the best
   * schedule with 10 % of it in nodes, and for n ≤ 24 still short of the ceiling searches afresh with 20 % (see
   * ExactOptions.budget). The checker and the session must use the
   * same value to agree on what is achievable; leave it unset outside tests. Default 5 000 000.
   */
  budget?: number;
}

export interface PerfectStrangerSchedule extends IndexSchedule {
  /** The most rounds the engine builds for this n and g; `rounds` holds min(requested, achievable). */
  achievable: number;
  method: ScheduleMethod;
  /** Of `achievable`, rounds the exhaustive search added on top of what `method` built (0: none). */
  added: number;
}

/**
 * Up to `rounds` rounds for participants 0..n−1 in which no two share a group twice. Each round seats ⌊n/g⌋ groups
 * of exactly g; the n mod g others sit out (`byes`), in turn. The structure is the engine's canonical schedule for
 * (n, g), the same for every session, so `achievable` always equals `maxPerfectStrangerRounds`; `rng` relabels
 * participants and orders the rounds, so sessions differ and are replayable from their seed.
 */
export function perfectStrangerSchedule(n: number, g: number, rounds: number, rng: Rng, options: ScheduleOptions = {}): PerfectStrangerSchedule {
  const roles = options.preserveRoles ?? false;
  const base = canonical(n, g, roles, options.budget);
  const take = Math.max(0, Math.min(rounds, base.rounds.length));
  let label: number[];
  let order: number[];
  if (roles) {
    // Permute whole rows (round-1 groups) only, and keep round 1 first, so roles and the first seating hold.
    const k = n / g;
    const rows = rng.shuffle(Array.from({ length: k }, (_, i) => i));
    label = Array.from({ length: n }, (_, i) => rows[Math.floor(i / g)] * g + (i % g));
    order = [0, ...rng.shuffle(base.rounds.map((_, r) => r).slice(1))];
  } else {
    label = rng.shuffle(Array.from({ length: n }, (_, i) => i));
    // Sitting out rotates in the canonical order (nobody twice before everyone once): keep it when anyone sits out.
    const inOrder = base.rounds.map((_, r) => r);
    order = n % g === 0 ? rng.shuffle(inOrder) : inOrder;
  }
  const chosen = order.slice(0, take);
  const relabel = (group: readonly number[]): number[] => {
    const out = group.map((p) => label[p]);
    // With roles the seat order is the role order; otherwise list members by index, for readable exports.
    return roles ? out.sort((a, b) => (a % g) - (b % g)) : out.sort((a, b) => a - b);
  };
  return {
    rounds: chosen.map((r) => {
      const groups = base.rounds[r].map(relabel);
      return roles ? groups : groups.sort((a, b) => a[0] - b[0]);
    }),
    byes: chosen.map((r) => base.byes[r].map((p) => label[p]).sort((a, b) => a - b)),
    achievable: base.rounds.length,
    method: base.method,
    added: base.added ?? 0,
  };
}

/**
 * The most perfect-stranger rounds the engine builds for n participants in groups of g (what the checker allows).
 * Where only search applies it aims no higher than 200, the most rounds a game has.
 */
export function maxPerfectStrangerRounds(n: number, g: number, options: ScheduleOptions = {}): number {
  return canonical(n, g, options.preserveRoles ?? false, options.budget).rounds.length;
}

interface Canonical extends IndexSchedule {
  method: ScheduleMethod;
  /** Rounds the exhaustive search added to what `method` built. */
  added?: number;
}

// The canonical schedule depends on (n, g, roles) only and costs up to a second to search, so it is kept.
const memo = new Map<string, Canonical>();

/** Forgets every schedule built so far, so the next call builds from scratch (for benchmarks that time that). */
export function forgetSchedules(): void {
  memo.clear();
}

function canonical(n: number, g: number, roles: boolean, budget?: number, lean = false, columns = budget): Canonical {
  const key = `${n}:${g}:${roles}:${budget}:${lean}:${columns}`;
  let found = memo.get(key);
  if (!found) {
    found = roles ? withRoles(n, g, budget) : withoutRoles(n, g, budget, lean, columns);
    memo.set(key, found);
  }
  return found;
}

/**
 * The canonical schedule without roles. `lean` (for a cohort a grown schedule starts from) leaves out the multiplier
 * design and every search but completion: the costly part, and seldom what a grown schedule that gains starts from.
 * `columns` is the budget for the schedules inside transversal columns: the cohort's own, so that a cohort and
 * the one it grows from share them (95 and 94 in fours both have columns of 23).
 */
function withoutRoles(n: number, g: number, budget?: number, lean = false, columns = budget): Canonical {
  if (g < 2 || n < g) return { rounds: [], byes: [], method: "none" };
  if (g === 2) return { ...roundRobin(n), method: "roundRobin" };
  const d = affineDimension(n, g);
  if (d) return { ...affineSchedule(g, d), method: "affine" };
  // 3q + 1 in fours (q ≡ 1 mod 4): every pair meets once, the most possible; checked like every construction.
  const fours = g === 4 ? resolvableFoursSchedule(n) : null;
  if (fours && isPerfectStrangerSchedule(n, g, fours)) return { ...fours, method: "resolvable" };
  // q³ + q² + q + 1 in groups of q + 1 (85 in fives): a packing of PG(3, q), every pair once as well.
  const packing = projectivePacking(n, g);
  if (packing && isPerfectStrangerSchedule(n, g, packing)) return { ...packing, method: "resolvable" };
  // q³ + 1 in groups of q + 1 (65 in fives): the Hermitian unital, one round per slope.
  const unital = hermitianUnital(n, g);
  if (unital && isPerfectStrangerSchedule(n, g, unital)) return { ...unital, method: "resolvable" };
  // n ≡ g mod g(g − 1): a 1-rotational design over Z_(n−1), base groups by a short seeded search (33 in threes: 16).
  const rotation = oneRotational(n, g, createRng(`perfect-strangers:${n}:${g}:one-rotational`));
  if (rotation && isPerfectStrangerSchedule(n, g, rotation)) return { ...rotation, method: "resolvable" };
  const ceiling = Math.min(strangerCeiling(n, g).rounds, MAX_ROUNDS);
  let best: Canonical = { rounds: [], byes: [], method: "none" };
  // Across role columns, then inside them (the best schedule for a column, found the same way; with spares, which use
  // two column rounds at most, two rounds of a short search).
  const designed = transversalPlan(n, g, (k, need) => (need <= 2 ? twoRounds(k, g) : canonical(k, g, false, columns)));
  if (designed && isPerfectStrangerSchedule(n, g, designed)) best = { ...designed, method: "transversal" };
  // q² + s in groups of q (s < q): four rounds of the affine plane, the extras taking seats on triangles of lines.
  const plane = best.rounds.length < Math.min(4, ceiling) ? planeWithExtras(n, g) : null;
  if (plane && plane.rounds.length > best.rounds.length && isPerfectStrangerSchedule(n, g, plane)) best = { ...plane, method: "planeWithExtras" };
  // A cyclic design a long offline search found (storedDesigns.ts), developed here and checked like the others.
  const design = best.rounds.length < ceiling ? storedDesign(n, g) : undefined;
  const stored = design ? developStored(design) : null;
  if (stored && stored.rounds.length > best.rounds.length && isPerfectStrangerSchedule(n, g, stored)) best = { ...stored, method: "stored" };
  const total = budget ?? DEFAULT_BUDGET;
  // The schedule of the cohort one smaller, with a seat per round for one more (growSchedule.ts); checked too. It
  // replaces the searches only if it reaches the ceiling; otherwise they run as without it and the better is kept.
  const grownFound = best.rounds.length < ceiling ? grownFromSmaller(n, g, best.rounds.length, total, columns) : null;
  const grown: Canonical | null = grownFound && isPerfectStrangerSchedule(n, g, grownFound) ? { ...grownFound, method: "grown" } : null;
  if (grown && grown.rounds.length >= ceiling) best = grown;
  // The schedule of the cohort one larger without its last participant (shrunkFromLarger); checked too.
  const shrunkFound = best.rounds.length < ceiling && !lean ? shrunkFromLarger(n, g, columns) : null;
  if (shrunkFound && shrunkFound.rounds.length > best.rounds.length && isPerfectStrangerSchedule(n, g, shrunkFound)) best = { ...shrunkFound, method: "shrunk" };
  if (best.rounds.length < ceiling && !lean) {
    // q rounds from a first round over GF(q) that a multiplier maps onto itself; checked independently too.
    const rotational = rotationalStrangers(n, g, best.rounds.length, { budget: Math.round(ROTATIONAL_SHARE * total) });
    if (rotational.rounds.length > best.rounds.length && isPerfectStrangerSchedule(n, g, rotational)) {
      best = { rounds: rotational.rounds, byes: rotational.byes, method: "rotational" };
    }
  }
  let cyclicFound = false;
  let spent = 0;
  if (best.rounds.length < ceiling && !lean) {
    // A first round developed cyclically; kept only when an independent check confirms the whole schedule.
    const cyclic = cyclicStrangers(n, g, ceiling, createRng(`perfect-strangers:${n}:${g}:cyclic`), { budget: Math.round(CYCLIC_SHARE * total), above: best.rounds.length });
    spent += cyclic.work;
    if (cyclic.rounds.length > best.rounds.length && isPerfectStrangerSchedule(n, g, cyclic)) {
      best = { rounds: cyclic.rounds, byes: cyclic.byes, method: "cyclic" };
      cyclicFound = true;
    }
  }
  if (best.rounds.length < ceiling && !lean) {
    // Several base rounds developed over a shorter cycle (t·h rounds); also checked independently before use.
    const multi = multiCyclicStrangers(n, g, ceiling, createRng(`perfect-strangers:${n}:${g}:multi`), { budget: Math.round(MULTI_SHARE * total), above: best.rounds.length });
    spent += multi.work;
    if (multi.rounds.length > best.rounds.length && isPerfectStrangerSchedule(n, g, multi)) {
      best = { rounds: multi.rounds, byes: multi.byes, method: "cyclic" };
      cyclicFound = true;
    }
  }
  if (best.rounds.length < ceiling && !lean) {
    // Round-by-round search: its share (less after a cyclic design, which it rarely beats), or what the cyclic
    // searches left of theirs, whichever is more (it is what reaches the most rounds for small cohorts).
    const share = cyclicFound ? SEARCH_SHARE_AFTER_CYCLIC : SEARCH_SHARE;
    const left = (CYCLIC_SHARE + MULTI_SHARE + SEARCH_SHARE) * total - spent;
    const found = searchStrangers(n, g, ceiling, createRng(`perfect-strangers:${n}:${g}`), { budget: Math.round(Math.max(share * total, left)) });
    if (found.rounds.length > best.rounds.length) best = { rounds: found.rounds, byes: found.byes, method: "search" };
  }
  if (grown && grown.rounds.length > best.rounds.length) best = grown;
  best = completed(n, g, best, ceiling, Math.round(EXTEND_SHARE * total));
  if (lean) return best;
  // Small cohorts: exhaustive search for one more round at a time, while its nodes last.
  let nodes = Math.round(EXACT_SHARE * total);
  while (best.rounds.length < ceiling && n <= EXACT_RUNTIME_N && (best.rounds.length + 1) * (n % g) <= n && nodes > 0) {
    const exact = exactStrangers(n, g, best.rounds.length + 1, { budget: nodes });
    nodes -= exact.nodes;
    if (!exact.rounds.length || !isPerfectStrangerSchedule(n, g, exact)) break;
    best = { rounds: exact.rounds, byes: exact.byes, method: "exact" };
  }
  return best;
}

/**
 * Two perfect-stranger rounds for k in groups of g, by a short search (a transversal plan with spares needs no
 * more): 100 000 units find them where they exist (23 in fours: 6 ms) and give up within 0.07 s where not (13 in fives).
 */
function twoRounds(k: number, g: number): IndexSchedule {
  const found = searchStrangers(k, g, 2, createRng(`perfect-strangers:${k}:${g}:columns`), { budget: 100_000 });
  return { rounds: found.rounds, byes: found.byes };
}

/**
 * More than `above` rounds for n from the canonical schedule for n − 1 (built with a share of the work), given a
 * seat for participant n − 1 in every round, or in its first rounds only when all of them cannot; null if none.
 */
function grownFromSmaller(n: number, g: number, above: number, total: number, columns: number | undefined): IndexSchedule | null {
  if (n % g === 0 || n - 1 < g) return null;
  const source = canonical(n - 1, g, false, Math.round(GROW_SOURCE_SHARE * (columns ?? DEFAULT_BUDGET)), true, columns);
  let left = Math.round(GROW_SHARE * total);
  for (let r = source.rounds.length; r > above && left > 0; r--) {
    const tried = growSchedule(n - 1, g, { rounds: source.rounds.slice(0, r), byes: source.byes.slice(0, r) }, { budget: r - 1 > above ? Math.ceil(left / 2) : left });
    left -= tried.work;
    if (tried.schedule) return tried.schedule;
  }
  return null;
}

/**
 * Where n + 1 is a multiple of g, the canonical schedule for n + 1 (built lean, with the grow source's share) without
 * participant n: in each round the g − 1 others of its group sit out. They are people it meets for the first time,
 * so nobody sits out twice. 64 in fives thus get the 16 rounds of the 65 (one above ⌊63/4⌋, everyone sitting out
 * once) and 84 in fives the 21 of the 85. Null where n + 1 is not a multiple of g, or its schedule has byes.
 */
function shrunkFromLarger(n: number, g: number, columns: number | undefined): IndexSchedule | null {
  if ((n + 1) % g !== 0) return null;
  const source = canonical(n + 1, g, false, Math.round(GROW_SOURCE_SHARE * (columns ?? DEFAULT_BUDGET)), true, columns);
  if (source.byes.some((b) => b.length > 0)) return null;
  const rounds = source.rounds.map((groups) => groups.filter((grp) => !grp.includes(n)));
  const byes = source.rounds.map((groups) => (groups.find((grp) => grp.includes(n)) ?? []).filter((p) => p !== n).sort((a, b) => a - b));
  return { rounds, byes };
}

/** `best` with rounds added by exhaustive search (one on top, or two in place of its last) while `nodes` last. */
function completed(n: number, g: number, best: Canonical, ceiling: number, nodes: number): Canonical {
  let left = nodes;
  while (best.rounds.length > 0 && best.rounds.length < ceiling && left > 0) {
    let next = extendStrangers(n, g, best, 1, { budget: left });
    left -= next.nodes;
    if (!next.rounds.length && left > 0) {
      next = extendStrangers(n, g, { rounds: best.rounds.slice(0, -1), byes: best.byes.slice(0, -1) }, 2, { budget: left });
      left -= next.nodes;
    }
    if (!next.rounds.length || !isPerfectStrangerSchedule(n, g, next)) break;
    const added = (best.added ?? 0) + next.rounds.length - best.rounds.length;
    best = { rounds: next.rounds, byes: next.byes, method: best.method, added };
  }
  return best;
}

function withRoles(n: number, g: number, budget?: number): Canonical {
  if (g < 2 || n < g || n % g !== 0) return { rounds: [], byes: [], method: "none" };
  const k = n / g;
  // Construction numbering is role·k + row; the caller's is row·g + role (round 1's group, then seat).
  const toSeat = (t: number): number => (t % k) * g + Math.floor(t / k);
  const built = transversalSchedule(g, k);
  if (built) return { rounds: built.rounds.map((r) => r.map((grp) => grp.map(toSeat))), byes: built.byes, method: g === 2 ? "roundRobin" : "transversal" };
  const first = Array.from({ length: k }, (_, row) => Array.from({ length: g }, (_, j) => row * g + j));
  const found = searchStrangers(n, g, Math.min(roleCeiling(n, g).rounds, MAX_ROUNDS), createRng(`perfect-strangers:${n}:${g}:roles`), { roles: Array.from({ length: n }, (_, i) => i % g), first, budget });
  return { rounds: found.rounds, byes: found.byes, method: "search" };
}
