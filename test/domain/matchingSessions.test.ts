// 10,000 generated sessions through the matching policies: the guarantees the matching guide promises, as properties.
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Waiting } from "../../server/domain/matching/arrival.js";
import { emptyMetPairs, hasMet, recordGroups, type MetPairs } from "../../server/domain/matching/metPairs.js";
import { groupWaiting, type Quotas } from "../../server/domain/matching/quotas.js";
import { planRounds, presentGroups, type RematchMode } from "../../server/domain/matching/rematch.js";
import { groupRollingStrangers, type Fallback } from "../../server/domain/matching/rollingStrangers.js";
import { assignAtEntry } from "../../server/domain/matching/treatments.js";
import { createRng } from "../../server/domain/rng.js";
import { assertRound, repeatMeetings } from "../helpers/schedules.js";

type Mode = RematchMode | "arrival" | "rollingStrangers";

interface Session {
  mode: Mode;
  n: number;
  g: number;
  rounds: number;
  seed: string;
  /** Entry times (ms), one per participant. */
  arrivals: number[];
  /** Rounds after which each participant drops out (≥ rounds: never). */
  dropAfter: number[];
  /** Ticks at which each participant is inactive on the lobby page. */
  idle: boolean[];
  categories: string[];
  useQuotas: boolean;
  fallback: Fallback;
  treatments: number;
  preserveRoles: boolean;
}

const TICK = 5_000;
const ROUND_MS = 20_000;
const MAX_WAIT = 30_000;
const END = 250_000;

const session: fc.Arbitrary<Session> = fc
  .record({
    mode: fc.constantFrom<Mode>("arrival", "partner", "randomStrangers", "perfectStrangers", "rollingStrangers"),
    n: fc.integer({ min: 2, max: 20 }),
    g: fc.integer({ min: 2, max: 4 }),
    rounds: fc.integer({ min: 1, max: 6 }),
    seed: fc.string({ maxLength: 8 }),
    useQuotas: fc.boolean(),
    fallback: fc.constantFrom<Fallback>("wait", "remeet", "release"),
    treatments: fc.integer({ min: 1, max: 3 }),
    preserveRoles: fc.boolean(),
  })
  .chain((s) =>
    fc.record({
      arrivals: fc.array(fc.integer({ min: 0, max: 60_000 }), { minLength: s.n, maxLength: s.n }),
      dropAfter: fc.array(fc.integer({ min: 0, max: 8 }), { minLength: s.n, maxLength: s.n }),
      idle: fc.array(fc.boolean(), { minLength: s.n, maxLength: s.n }),
      categories: fc.array(fc.constantFrom("M", "F"), { minLength: s.n, maxLength: s.n }),
    }).map((rest) => ({ ...s, ...rest })),
  );

const idsOf = (s: Session): string[] => Array.from({ length: s.n }, (_, i) => `p${i}`);
/** Quotas of ⌈g/2⌉ M and ⌊g/2⌋ F. */
const quotasOf = (s: Session): Quotas | undefined => (s.useQuotas ? { attribute: "sex", counts: s.g === 2 ? { M: 1, F: 1 } : { M: Math.ceil(s.g / 2), F: Math.floor(s.g / 2) } } : undefined);

/** Plays a session through the lobby policies; returns every decision, checking each one as it is made. */
function runLobby(s: Session): unknown[] {
  const ids = idsOf(s);
  const quotas = quotasOf(s);
  const rng = createRng(s.seed);
  const names = Array.from({ length: s.treatments }, (_, i) => `T${i}`);
  let counts: Record<string, number> = {};
  const treatment = new Map<string, string>();
  const waiting = new Map<string, Waiting>();
  const profile = new Map<string, Waiting>();
  const played = new Map(ids.map((id) => [id, 0]));
  const returns: Array<[number, string]> = [];
  let met: MetPairs = emptyMetPairs();
  const log: unknown[] = [];
  for (let now = 0; now <= END; now += TICK) {
    ids.forEach((id, i) => {
      if (s.arrivals[i] <= now && s.arrivals[i] > now - TICK) {
        const r = assignAtEntry(id, names, counts, rng);
        counts = r.counts;
        treatment.set(id, r.assignment.treatment);
        profile.set(id, { id, arrivedAt: s.arrivals[i], attributes: { sex: s.categories[i] }, treatment: r.assignment.treatment });
        waiting.set(id, profile.get(id)!);
      }
    });
    for (const [at, id] of returns.filter(([at]) => at <= now)) waiting.set(id, { ...profile.get(id)!, arrivedAt: at });
    returns.splice(0, returns.length, ...returns.filter(([at]) => at > now));
    if (waiting.size === 0) continue;
    // Idle participants are inactive on every other tick.
    const list = [...waiting.values()].map((w) => ({ ...w, active: !(s.idle[ids.indexOf(w.id)] && (now / TICK) % 2 === 1) }));
    const byId = new Map(list.map((w) => [w.id, w]));
    const d = s.mode === "rollingStrangers"
      ? groupRollingStrangers(list, met, { groupSize: s.g, maxWaitMs: MAX_WAIT, fallback: s.fallback, quotas }, now)
      : { ...groupWaiting(list, { groupSize: s.g, maxWaitMs: MAX_WAIT, quotas }, now), remeetings: [], met };
    // Nobody in two groups, or grouped and released; every group exactly g active waiting participants of one treatment.
    const seated = d.groups.flat();
    assert.equal(new Set([...seated, ...d.expired]).size, seated.length + d.expired.length, "someone is in two places at once");
    for (const group of d.groups) {
      assert.equal(group.length, s.g, "a group of the wrong size");
      for (const id of group) assert.ok(byId.get(id)?.active, `${id} was grouped while not actively waiting`);
      assert.equal(new Set(group.map((id) => treatment.get(id))).size, 1, "a group mixes treatments");
      if (quotas) for (const [c, k] of Object.entries(quotas.counts)) assert.equal(group.filter((id) => byId.get(id)!.attributes!.sex === c).length, k, "quota broken");
    }
    for (const id of d.expired) {
      assert.ok(now - byId.get(id)!.arrivedAt >= MAX_WAIT, `${id} released before the limit`);
      assert.notEqual(s.mode === "rollingStrangers" && s.fallback, "wait", "released under the wait fallback");
    }
    if (s.mode === "rollingStrangers") {
      // No pair meets twice unless the remeet fallback formed the group and flagged exactly those pairs.
      d.groups.forEach((group, gi) => {
        const repeats = group.flatMap((a, i) => group.slice(i + 1).filter((b) => hasMet(met, a, b)).map((b) => [a, b]));
        const flagged = d.remeetings.find((r) => r.group === gi)?.pairs.map((p) => [p.a, p.b]) ?? [];
        assert.deepEqual(flagged, repeats, "an unflagged re-meeting");
        if (repeats.length) assert.equal(s.fallback, "remeet");
      });
      assert.deepEqual(d.met, recordGroups(met, d.groups, now));
      met = d.met;
    }
    for (const id of [...seated, ...d.expired]) waiting.delete(id);
    for (const id of seated) {
      const k = played.get(id)! + 1;
      played.set(id, k);
      const i = ids.indexOf(id);
      // Rolling strangers: back to the lobby after each round, until done or dropped out.
      if (s.mode === "rollingStrangers" && k < s.rounds && k <= s.dropAfter[i]) returns.push([now + ROUND_MS, id]);
    }
    log.push([now, d.groups, d.expired, d.remeetings]);
  }
  return log;
}

/** A cohort's plan, checked round by round, with dropouts taken out of their groups. */
function runCohort(s: Session): unknown {
  const ids = idsOf(s);
  if (s.n < s.g) return null;
  const preserveRoles = s.preserveRoles && s.n % s.g === 0 && s.mode !== "partner";
  if (s.mode === "partner" && s.n % s.g !== 0) return null; // the checker refuses it
  const plan = planRounds(ids, { mode: s.mode as RematchMode, groupSize: s.g, rounds: s.rounds, preserveRoles, budget: 20_000 }, createRng(s.seed));
  assert.equal(plan.rounds.length, Math.min(s.rounds, plan.achievable));
  if (s.mode !== "perfectStrangers") assert.equal(plan.rounds.length, s.rounds);
  plan.rounds.forEach((r, k) => {
    assertRound(r.groups, r.byes, ids, s.g, `round ${k + 1}:`);
    assert.ok(r.byes.length <= s.n % s.g || s.mode === "partner", "more sit out than needed");
    const present = new Set(ids.filter((_, i) => s.dropAfter[i] >= k));
    const played = presentGroups(r, present);
    played.groups.forEach((grp, j) => assert.ok(grp.length === s.g || played.short.includes(j), "a short group not flagged"));
  });
  if (s.mode === "perfectStrangers") assert.equal(repeatMeetings(plan.rounds.map((r) => r.groups)), 0, "perfect strangers met twice");
  if (preserveRoles) {
    const seat = new Map(plan.rounds[0].groups.flatMap((grp) => grp.map((id, j) => [id, j] as const)));
    for (const r of plan.rounds) for (const grp of r.groups) grp.forEach((id, j) => assert.equal(seat.get(id), j, "a role changed"));
  }
  return plan;
}

const run = (s: Session): unknown => (s.mode === "arrival" || s.mode === "rollingStrangers" ? runLobby(s) : runCohort(s));

describe("matching over 10,000 generated sessions (property)", () => {
  it("keeps every guarantee, and the same seed gives the same decisions", function () {
    this.timeout(60_000);
    fc.assert(
      fc.property(session, (s) => {
        assert.deepEqual(run(s), run(s));
      }),
      { numRuns: 10_000 },
    );
  });
});
