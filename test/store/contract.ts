// The Store contract: one suite every Store implementation must pass (in-memory, SQLite, PostgreSQL).
import assert from "node:assert/strict";
import { randomBytes, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { CohortError } from "../../server/domain/errors.js";
import { checkExperiment } from "../../server/domain/experiment/check.js";
import type { ExperimentConfig } from "../../server/domain/experiment/schema.js";
import type { Identity } from "../../server/domain/participant/identity.js";
import type { DecisionRecord, ParticipantRecord, PayoffRecord, RoundRecord, SessionRecord, Store } from "../../server/store/port.js";

// ── Fixtures ──────────────────────────────────────────────────────────────────────────────────────
/** The demo experiment, validated, with a name full of characters that must survive storage. */
export function demoExperiment(): ExperimentConfig {
  const raw = JSON.parse(readFileSync(join(__dirname, "../../experiments/demo.json"), "utf8"));
  // Characters that trip naive JSON or SQL handling must survive the round trip.
  raw.name = `Démo "quotes" 'single' \\ back ✓ 😀`;
  raw.game.multiplier = 1.7;
  const r = checkExperiment(raw);
  if (!r.ok) throw new Error(`demo.json is invalid: ${JSON.stringify(r.problems)}`);
  return r.config;
}

const experiment = demoExperiment();
const PID = (n: number) => `5f8a1b2c3d4e5f6a7b8c${String(n).padStart(4, "0")}`;
const STUDY_A = "60aabbccddeeff0011223344";
const STUDY_B = "60aabbccddeeff0011229999";

const label = (name: string): Identity => ({ platform: "label", platformId: name, studyId: null, platformSessionId: null });
const prolific = (n: number, study = STUDY_A): Identity => ({ platform: "prolific", platformId: PID(n), studyId: study, platformSessionId: PID(900 + n) });
const mturk = (worker: string, hit = "3AQF3RZ558H0EXAMPLE"): Identity => ({ platform: "mturk", platformId: worker, studyId: hit, platformSessionId: `3KYQ${worker}` });
const token = () => randomBytes(24).toString("base64url");

let codes = 0;
const newCode = () => `T${process.pid % 1000}X${++codes}`.slice(0, 16);

const TIMES = ["createdAt", "consentedAt", "lobbyEnteredAt", "completedAt", "endedAt", "startedAt", "decidedAt", "at"] as const;

/** Every timestamp field present is an epoch-ms number (or null), never a string or Date. */
function assertEpochs(records: readonly object[]): void {
  for (const r of records) {
    for (const f of TIMES) {
      if (!(f in r)) continue;
      const v = (r as Record<string, unknown>)[f];
      if (v === null && f !== "createdAt" && f !== "at") continue;
      assert.equal(typeof v, "number", `${f} should be a number, got ${typeof v} (${String(v)})`);
      assert.ok(Number.isSafeInteger(v), `${f} should be whole milliseconds`);
    }
  }
}

/** Sorted copy, for comparing lists whose order the port does not define. */
const sortBy = <T>(rows: readonly T[], key: (r: T) => string): T[] => [...rows].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));

const isSessionFull = (e: unknown) => e instanceof CohortError && e.code === "session_full";

// ── The suite ─────────────────────────────────────────────────────────────────────────────────────
/**
 * Defines `describe("Store contract: <name>")`. `open` gives a fresh, empty store for every test; `close`
 * releases it (default: `store.close()`).
 */
export function storeContract(name: string, open: () => Promise<Store>, close: (store: Store) => Promise<void> = (s) => s.close()): void {
  describe(`Store contract: ${name}`, function () {
    let store: Store;
    let opened: Store | undefined;

    beforeEach(async function () {
      opened = undefined;
      store = await open();
      opened = store;
    });

    afterEach(async function () {
      if (opened) await close(opened);
    });

    const newSession = (over: Partial<{ code: string; label: string; seed: string }> = {}) =>
      store.createSession({ code: newCode(), label: "pilot", experiment, seed: "seed-1", ...over });

    const enter = async (session: SessionRecord, id: Identity, capacity = 100) => {
      const r = await store.enterParticipant(session.id, id, token(), capacity);
      return r.participant;
    };

    describe("sessions", () => {
      it("createSession stores an open session that reads back by code and by id, experiment included", async () => {
        const before = Date.now();
        const s = await newSession({ label: "Pilot ✓ 'one'", seed: "abc123" });
        assert.equal(s.status, "open");
        assert.match(s.id, /^[0-9a-f-]{36}$/);
        assert.equal(s.label, "Pilot ✓ 'one'");
        assert.equal(s.seed, "abc123");
        assertEpochs([s]);
        assert.ok(s.createdAt >= before - 1000 && s.createdAt <= Date.now() + 1000, "createdAt is now, in ms");

        const byCode = await store.sessionByCode(s.code);
        const byId = await store.sessionById(s.id);
        assert.deepEqual(byCode, s);
        assert.deepEqual(byId, s);
        assert.deepEqual(byId!.experiment, experiment, "the experiment JSON round-trips exactly");
        assertEpochs([byCode!, byId!]);
      });

      it("returns null for unknown codes and ids", async () => {
        await newSession();
        assert.equal(await store.sessionByCode("NOSUCHCODE"), null);
        assert.equal(await store.sessionById(randomUUID()), null);
      });

      it("refuses a second session with the same code", async () => {
        const s = await newSession();
        await assert.rejects(newSession({ code: s.code }));
        assert.equal((await store.listSessions()).length, 1);
      });

      it("listSessions returns every session", async () => {
        assert.deepEqual(await store.listSessions(), []);
        const made = [await newSession(), await newSession(), await newSession()];
        const listed = await store.listSessions();
        assertEpochs(listed);
        assert.deepEqual(sortBy(listed, (s) => s.id), sortBy(made, (s) => s.id));
      });

      it("setSessionStatus closes and reopens one session only", async () => {
        const a = await newSession();
        const b = await newSession();
        await store.setSessionStatus(a.id, "closed");
        assert.equal((await store.sessionById(a.id))!.status, "closed");
        assert.equal((await store.sessionByCode(a.code))!.status, "closed");
        assert.equal((await store.sessionById(b.id))!.status, "open");
        await store.setSessionStatus(a.id, "open");
        assert.equal((await store.sessionById(a.id))!.status, "open");
      });
    });

    describe("enterParticipant", () => {
      it("creates a participant in state 'entered' with the identity and token", async () => {
        const s = await newSession();
        const t = token();
        const { participant: p, created } = await store.enterParticipant(s.id, prolific(1), t, 10);
        assert.equal(created, true);
        assert.deepEqual({ ...p, id: "", createdAt: 0 }, {
          ...prolific(1), id: "", sessionId: s.id, token: t, status: "entered", consentedAt: null, lobbyEnteredAt: null,
          groupId: null, seat: null, attributes: null, treatment: null, cohortId: null, roundsPlayed: 0, groupedAt: null, roomId: null, points: null, completedAt: null, createdAt: 0,
        });
        assertEpochs([p]);
        assert.deepEqual(await store.participantByToken(t), p);
      });

      it("finds the same participant for the same identity (created=false, first token kept)", async () => {
        const s = await newSession();
        const first = await store.enterParticipant(s.id, label("lab-1"), token(), 10);
        const again = await store.enterParticipant(s.id, label("lab-1"), token(), 10);
        assert.equal(again.created, false);
        assert.deepEqual(again.participant, first.participant);
        assert.equal(await store.countParticipants(s.id), 1);
      });

      it("returns the first participant when a Prolific identity enters a second session of the same study", async () => {
        const s1 = await newSession();
        const s2 = await newSession();
        const first = await enter(s1, prolific(7));
        const second = await store.enterParticipant(s2.id, prolific(7), token(), 10);
        assert.equal(second.created, false);
        assert.equal(second.participant.id, first.id);
        assert.equal(second.participant.sessionId, s1.id);
        assert.equal(await store.countParticipants(s2.id), 0);
      });

      it("treats the same Prolific id in another study as a new participant", async () => {
        const s1 = await newSession();
        const s2 = await newSession();
        const a = await enter(s1, prolific(8, STUDY_A));
        const b = await store.enterParticipant(s2.id, prolific(8, STUDY_B), token(), 10);
        assert.equal(b.created, true);
        assert.notEqual(b.participant.id, a.id);
        assert.equal(b.participant.sessionId, s2.id);
      });

      it("recognises a platform id that comes back to the same session from another study or HIT", async () => {
        const s = await newSession();
        const first = await enter(s, mturk("A1B2C3D4E5F6G7", "HITBATCH0001"));
        const again = await store.enterParticipant(s.id, mturk("A1B2C3D4E5F6G7", "HITBATCH0002"), token(), 10);
        assert.equal(again.created, false);
        assert.equal(again.participant.id, first.id);
        assert.equal(await store.countParticipants(s.id), 1);
      });

      it("keeps label identities per session", async () => {
        const s1 = await newSession();
        const s2 = await newSession();
        const a = await store.enterParticipant(s1.id, label("p1"), token(), 10);
        const b = await store.enterParticipant(s2.id, label("p1"), token(), 10);
        assert.equal(a.created, true);
        assert.equal(b.created, true);
        assert.notEqual(a.participant.id, b.participant.id);
        assert.equal(b.participant.sessionId, s2.id);
      });

      it("tells platforms apart: the same id string on two platforms is two people", async () => {
        const s = await newSession();
        const a = await enter(s, label("A1B2C3D4E5F6G7"));
        const b = await enter(s, mturk("A1B2C3D4E5F6G7"));
        assert.notEqual(a.id, b.id);
        assert.equal(await store.countParticipants(s.id), 2);
      });

      it("throws session_full at capacity, but still lets a returning participant in", async () => {
        const s = await newSession();
        await enter(s, label("a"), 2);
        const b = await enter(s, label("b"), 2);
        await assert.rejects(store.enterParticipant(s.id, label("c"), token(), 2), isSessionFull);
        const back = await store.enterParticipant(s.id, label("b"), token(), 2);
        assert.equal(back.created, false);
        assert.equal(back.participant.id, b.id);
        assert.equal(await store.countParticipants(s.id), 2);
      });

      it("counts capacity per session", async () => {
        const s1 = await newSession();
        const s2 = await newSession();
        await enter(s1, label("a"), 1);
        const other = await store.enterParticipant(s2.id, label("b"), token(), 1);
        assert.equal(other.created, true);
      });

      it("creates exactly one participant for concurrent entries of the same identity", async () => {
        const s = await newSession();
        const results = await Promise.all(Array.from({ length: 8 }, () => store.enterParticipant(s.id, prolific(3), token(), 10)));
        assert.equal(results.filter((r) => r.created).length, 1);
        assert.equal(new Set(results.map((r) => r.participant.id)).size, 1);
        assert.equal(await store.countParticipants(s.id), 1);
      });

      it("never admits more than capacity under concurrent entries", async () => {
        const s = await newSession();
        const settled = await Promise.allSettled(Array.from({ length: 7 }, (_, i) => store.enterParticipant(s.id, label(`c${i}`), token(), 3)));
        const admitted = settled.filter((r) => r.status === "fulfilled");
        const refused = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        assert.equal(admitted.length, 3);
        assert.equal(refused.length, 4);
        for (const r of refused) assert.ok(isSessionFull(r.reason), String(r.reason));
        assert.equal(await store.countParticipants(s.id), 3);
      });

      it("admits exactly capacity of 50 concurrent newcomers and refuses the rest with session_full", async () => {
        const s = await newSession();
        const settled = await Promise.allSettled(Array.from({ length: 50 }, (_, i) => store.enterParticipant(s.id, prolific(100 + i), token(), 20)));
        const admitted = settled.filter((r) => r.status === "fulfilled");
        const refused = settled.filter((r): r is PromiseRejectedResult => r.status === "rejected");
        assert.equal(admitted.length, 20);
        for (const r of refused) assert.ok(isSessionFull(r.reason), String(r.reason));
        assert.ok(admitted.every((r) => r.value.created));
        assert.equal(await store.countParticipants(s.id), 20);
        assert.equal(new Set((await store.participants(s.id)).map((p) => p.platformId)).size, 20);
      });

      it("creates one participant for 20 concurrent entries of one identity mixed with newcomers", async () => {
        const s = await newSession();
        const calls = Array.from({ length: 40 }, (_, i) => (i % 2 ? store.enterParticipant(s.id, label("same"), token(), 100) : store.enterParticipant(s.id, label(`n${i}`), token(), 100)));
        const results = await Promise.all(calls);
        const same = results.filter((_, i) => i % 2);
        assert.equal(same.filter((r) => r.created).length, 1);
        assert.equal(new Set(same.map((r) => r.participant.id)).size, 1);
        assert.equal(await store.countParticipants(s.id), 21);
      });

      it("lets returning participants back in while newcomers race for the last places", async () => {
        const s = await newSession();
        const back = await Promise.all([enter(s, label("r1"), 3), enter(s, label("r2"), 3)]);
        const settled = await Promise.allSettled([
          ...Array.from({ length: 6 }, (_, i) => store.enterParticipant(s.id, label(`late${i}`), token(), 3)),
          ...back.map((p) => store.enterParticipant(s.id, label(p.platformId), token(), 3)),
        ]);
        const returning = settled.slice(6);
        for (const [i, r] of returning.entries()) {
          assert.equal(r.status, "fulfilled");
          if (r.status === "fulfilled") assert.deepEqual([r.value.created, r.value.participant.id], [false, back[i].id]);
        }
        assert.equal(settled.slice(0, 6).filter((r) => r.status === "fulfilled").length, 1);
        assert.equal(await store.countParticipants(s.id), 3);
      });

      it("gives an identity racing for the last place one answer: all its entries admitted as one participant, or all refused", async () => {
        const s = await newSession();
        for (const n of ["a", "b", "c"]) await enter(s, label(n), 4);
        const settled = await Promise.allSettled([
          ...Array.from({ length: 10 }, () => store.enterParticipant(s.id, label("racer"), token(), 4)),
          ...Array.from({ length: 10 }, (_, i) => store.enterParticipant(s.id, label(`rival${i}`), token(), 4)),
        ]);
        const racer = settled.slice(0, 10);
        const won = racer.filter((r) => r.status === "fulfilled");
        assert.ok(won.length === 0 || won.length === 10, `${won.length} of 10 entries of one identity admitted`);
        for (const r of racer) if (r.status === "rejected") assert.ok(isSessionFull(r.reason), String(r.reason));
        if (won.length) assert.equal(new Set(won.map((r) => (r as PromiseFulfilledResult<{ participant: ParticipantRecord }>).value.participant.id)).size, 1);
        assert.equal(await store.countParticipants(s.id), 4);
      });

      it("refused entries take no place: a larger capacity later admits exactly the difference", async () => {
        const s = await newSession();
        await Promise.allSettled(Array.from({ length: 6 }, (_, i) => store.enterParticipant(s.id, label(`x${i}`), token(), 2)));
        assert.equal(await store.countParticipants(s.id), 2);
        const more = await Promise.allSettled(Array.from({ length: 6 }, (_, i) => store.enterParticipant(s.id, label(`y${i}`), token(), 5)));
        assert.equal(more.filter((r) => r.status === "fulfilled").length, 3);
        assert.equal(await store.countParticipants(s.id), 5);
      });
    });

    describe("participants", () => {
      it("participantByToken finds by token, null for an unknown one", async () => {
        const s = await newSession();
        const t = token();
        const { participant } = await store.enterParticipant(s.id, label("x"), t, 10);
        const found = await store.participantByToken(t);
        assert.deepEqual(found, participant);
        assertEpochs([found!]);
        assert.equal(await store.participantByToken(token()), null);
      });

      it("participantsByIds keeps the requested order and skips unknown ids", async () => {
        const s = await newSession();
        const [a, b, c] = [await enter(s, label("a")), await enter(s, label("b")), await enter(s, label("c"))];
        const got = await store.participantsByIds([c.id, a.id, randomUUID(), b.id]);
        assert.deepEqual(got.map((p) => p.id), [c.id, a.id, b.id]);
        assert.deepEqual(got[0], c);
        assertEpochs(got);
        assert.deepEqual(await store.participantsByIds([]), []);
      });

      it("updateParticipant applies a patch and leaves other fields alone", async () => {
        const s = await newSession();
        const p = await enter(s, label("u"));
        const other = await enter(s, label("v"));
        const t0 = 1_763_770_000_123; // beyond 2^32: catches 32-bit columns and string BIGINTs
        await store.updateParticipant(p.id, { status: "consented", consentedAt: t0 });
        await store.updateParticipant(p.id, { status: "waiting", lobbyEnteredAt: t0 + 1 });
        await store.updateParticipant(p.id, { status: "completed", points: 52.57, completedAt: t0 + 2 });
        await store.updateParticipant(p.id, {});
        const [got] = await store.participantsByIds([p.id]);
        assert.deepEqual(got, { ...p, status: "completed", consentedAt: t0, lobbyEnteredAt: t0 + 1, points: 52.57, completedAt: t0 + 2 });
        assertEpochs([got]);
        assert.deepEqual((await store.participantsByIds([other.id]))[0], other);
      });

      it("countParticipants counts one session only", async () => {
        const s1 = await newSession();
        const s2 = await newSession();
        assert.equal(await store.countParticipants(s1.id), 0);
        for (const n of ["a", "b", "c"]) await enter(s1, label(n));
        await enter(s2, label("a"));
        assert.equal(await store.countParticipants(s1.id), 3);
        assert.equal(await store.countParticipants(s2.id), 1);
      });
    });

    describe("groups", () => {
      it("createGroup stores the group and seats its members", async () => {
        const s = await newSession();
        const ps = [await enter(s, label("a")), await enter(s, label("b")), await enter(s, label("c"))];
        const bystander = await enter(s, label("d"));
        const members = [ps[2].id, ps[0].id, ps[1].id];
        const groupId = randomUUID();
        const createdAt = 1_763_770_001_000;
        await store.createGroup({ id: groupId, sessionId: s.id, roomId: "room-xyz", members, createdAt });

        const seated = await store.participantsByIds(members);
        seated.forEach((p, seat) => {
          assert.equal(p.groupId, groupId);
          assert.equal(p.seat, seat);
          assert.equal(p.roomId, "room-xyz");
          assert.equal(p.status, "playing");
        });
        assert.deepEqual((await store.participantsByIds([bystander.id]))[0], bystander);

        const groups = await store.groups(s.id);
        assert.deepEqual(groups, [{ id: groupId, sessionId: s.id, roomId: "room-xyz", members, treatment: null, createdAt, endedAt: null }]);
        assertEpochs(groups);
      });

      it("endGroup records when the group ended", async () => {
        const s = await newSession();
        const a = await enter(s, label("a"));
        const b = await enter(s, label("b"));
        const g1 = randomUUID();
        const g2 = randomUUID();
        await store.createGroup({ id: g1, sessionId: s.id, roomId: "r1", members: [a.id], createdAt: 1_000 });
        await store.createGroup({ id: g2, sessionId: s.id, roomId: "r2", members: [b.id], createdAt: 2_000 });
        await store.endGroup(g1, 1_763_770_009_999);
        const groups = sortBy(await store.groups(s.id), (g) => String(g.createdAt).padStart(16, "0"));
        assert.deepEqual(groups.map((g) => g.endedAt), [1_763_770_009_999, null]);
        assertEpochs(groups);
      });
    });

    describe("ownership (scale-out)", () => {
      const claim = (sessionId: string, roomId: string, heartbeatAt: number) => ({ sessionId, roomId, processId: `proc-${roomId}`, heartbeatAt });

      it("claimLobby: the first claim wins, a live owner keeps it, a stale one is replaced", async () => {
        const s = await newSession();
        const first = await store.claimLobby(claim(s.id, "lobby-a", 10_000), 0);
        assert.equal(first.claimed, true);
        const second = await store.claimLobby(claim(s.id, "lobby-b", 11_000), 5_000);
        assert.deepEqual([second.claimed, second.owner.roomId], [false, "lobby-a"]);
        assert.equal(typeof second.owner.heartbeatAt, "number");
        const third = await store.claimLobby(claim(s.id, "lobby-c", 30_000), 20_000);
        assert.deepEqual([third.claimed, third.owner.roomId], [true, "lobby-c"]);
        assert.equal((await store.lobbyOwner(s.id))?.roomId, "lobby-c");
      });

      it("claimLobby: of concurrent claims exactly one wins", async () => {
        const s = await newSession();
        const results = await Promise.all(["x1", "x2", "x3", "x4", "x5"].map((r) => store.claimLobby(claim(s.id, r, 1_000), 0)));
        assert.equal(results.filter((r) => r.claimed).length, 1);
        const winner = results.find((r) => r.claimed)!.owner.roomId;
        assert.ok(results.every((r) => r.owner.roomId === winner));
      });

      it("touchLobby renews only the owner; releaseLobby frees only for the owner", async () => {
        const s = await newSession();
        await store.claimLobby(claim(s.id, "lobby-a", 1_000), 0);
        assert.equal(await store.touchLobby(s.id, "lobby-a", 9_000, "proc-real"), true);
        assert.deepEqual(await store.lobbyOwner(s.id), { sessionId: s.id, roomId: "lobby-a", processId: "proc-real", heartbeatAt: 9_000 });
        assert.equal(await store.touchLobby(s.id, "lobby-z", 9_500, "proc-z"), false);
        await store.releaseLobby(s.id, "lobby-z");
        assert.equal((await store.lobbyOwner(s.id))?.roomId, "lobby-a");
        await store.releaseLobby(s.id, "lobby-a");
        assert.equal(await store.lobbyOwner(s.id), null);
      });

      it("claimGroupRoom binds a stored group to one process only", async () => {
        const s = await newSession();
        const a = await enter(s, label("a"));
        const g = randomUUID();
        assert.equal(await store.claimGroupRoom(g, "p1"), false, "no such group yet");
        await store.createGroup({ id: g, sessionId: s.id, roomId: g, members: [a.id], createdAt: 1 });
        const both = await Promise.all([store.claimGroupRoom(g, "p1"), store.claimGroupRoom(g, "p2")]);
        assert.deepEqual(both.sort(), [false, true]);
      });
    });

    describe("decisions", () => {
      const decision = (s: SessionRecord, p: ParticipantRecord, over: Partial<DecisionRecord> = {}): DecisionRecord => ({
        sessionId: s.id, groupId: "g-1", participantId: p.id, round: 1, kind: "lock", value: 10, key: null, at: 1_763_770_002_000, ...over,
      });

      it("recordDecision with a key stores once; a retry returns the first decision with stored=false", async () => {
        const s = await newSession();
        const p = await enter(s, label("a"));
        const key = `k-${randomUUID()}`;
        const first = decision(s, p, { key, value: 12 });
        assert.deepEqual(await store.recordDecision(first), { stored: true, existing: first });
        const retry = await store.recordDecision(decision(s, p, { key, value: 3, at: first.at + 500 }));
        assert.equal(retry.stored, false);
        assert.deepEqual(retry.existing, first);
        assertEpochs([retry.existing]);
        assert.deepEqual(await store.decisions(s.id), [first]);
      });

      it("recordDecision without a key stores every call", async () => {
        const s = await newSession();
        const p = await enter(s, label("a"));
        const a = decision(s, p, { kind: "timeout", value: 4 });
        const b = decision(s, p, { kind: "timeout", value: 4, round: 2 });
        assert.equal((await store.recordDecision(a)).stored, true);
        assert.equal((await store.recordDecision(b)).stored, true);
        assert.deepEqual(await store.decisions(s.id), [a, b]);
      });

      it("stores concurrent retries of one key once", async () => {
        const s = await newSession();
        const p = await enter(s, label("a"));
        const key = `k-${randomUUID()}`;
        const results = await Promise.all(Array.from({ length: 5 }, (_, i) => store.recordDecision(decision(s, p, { key, value: i }))));
        assert.equal(results.filter((r) => r.stored).length, 1);
        const winner = results.find((r) => r.stored)!.existing;
        for (const r of results) assert.deepEqual(r.existing, winner);
        assert.equal((await store.decisions(s.id)).length, 1);
      });

      it("recordEvents appends in order, and decisions() returns everything in the order stored", async () => {
        const s = await newSession();
        const p = await enter(s, label("a"));
        const q = await enter(s, label("b"));
        const live = Array.from({ length: 25 }, (_, i) => decision(s, i % 2 ? p : q, { kind: "live", value: (i * 7) % 21, at: 1_763_770_003_000 + i }));
        await store.recordEvents(live.slice(0, 10));
        const lock = decision(s, p, { key: `k-${randomUUID()}`, value: 9, at: 1_763_770_004_000 });
        await store.recordDecision(lock);
        await store.recordEvents(live.slice(10));
        await store.recordEvents([]);
        const all = await store.decisions(s.id);
        assert.deepEqual(all, [...live.slice(0, 10), lock, ...live.slice(10)]);
        assertEpochs(all);
      });

      it("recordEvents takes a large batch in one call", async () => {
        const s = await newSession();
        const p = await enter(s, label("a"));
        const many = Array.from({ length: 1_234 }, (_, i) => decision(s, p, { kind: "live", value: i % 21, at: 1_763_770_005_000 + i }));
        await store.recordEvents(many);
        const all = await store.decisions(s.id);
        assert.equal(all.length, many.length);
        assert.deepEqual(all.map((d) => d.at), many.map((d) => d.at));
      });
    });

    describe("settleRound", () => {
      const round = (s: SessionRecord, groupId: string, n: number, over: Partial<RoundRecord> = {}): RoundRecord => ({
        sessionId: s.id, groupId, round: n, total: 2, share: 1.07, startedAt: 1_763_770_006_000, endedAt: 1_763_770_007_000, ...over,
      });
      const payoff = (s: SessionRecord, groupId: string, p: ParticipantRecord, n: number, over: Partial<PayoffRecord> = {}): PayoffRecord => ({
        sessionId: s.id, groupId, participantId: p.id, round: n, contribution: 1, timedOut: false, payoff: 20.07, decidedAt: 1_763_770_006_500,
        actor: "participant", groupN: 2, ...over,
      });

      it("stores the round and its payoffs, with fractions and flags intact", async () => {
        const s = await newSession();
        const [a, b, c] = [await enter(s, label("a")), await enter(s, label("b")), await enter(s, label("c"))];
        const g = randomUUID();
        const r1 = round(s, g, 1);
        const pays = [payoff(s, g, a, 1), payoff(s, g, b, 1, { timedOut: true }), payoff(s, g, c, 1, { contribution: 0, payoff: 21.07 })];
        await store.settleRound(r1, pays);
        assert.deepEqual(await store.rounds(s.id), [r1]);
        const stored = await store.payoffs(s.id);
        assert.deepEqual(sortBy(stored, (x) => x.participantId), sortBy(pays, (x) => x.participantId));
        for (const x of stored) assert.equal(typeof x.timedOut, "boolean");
        assertEpochs([...(await store.rounds(s.id)), ...stored]);
      });

      it("settling the same group and round twice stores once and keeps the first figures", async () => {
        const s = await newSession();
        const a = await enter(s, label("a"));
        const g = randomUUID();
        const r1 = round(s, g, 1);
        const p1 = payoff(s, g, a, 1);
        await store.settleRound(r1, [p1]);
        await store.settleRound(round(s, g, 1, { total: 99, share: 9 }), [payoff(s, g, a, 1, { payoff: 99 })]);
        assert.deepEqual(await store.rounds(s.id), [r1]);
        assert.deepEqual(await store.payoffs(s.id), [p1]);
        // The next round of the same group is a different round.
        await store.settleRound(round(s, g, 2), [payoff(s, g, a, 2)]);
        assert.equal((await store.rounds(s.id)).length, 2);
        assert.equal((await store.payoffs(s.id)).length, 2);
      });

      it("stores a round with no payoffs", async () => {
        const s = await newSession();
        const r = round(s, randomUUID(), 1, { total: 0, share: 0 });
        await store.settleRound(r, []);
        assert.deepEqual(await store.rounds(s.id), [r]);
        assert.deepEqual(await store.payoffs(s.id), []);
      });
    });

    describe("exports", () => {
      it("participants, groups, rounds, payoffs and decisions return one session's rows only", async () => {
        const fill = async (tag: string) => {
          const s = await newSession();
          const ps = [await enter(s, label(`${tag}1`)), await enter(s, label(`${tag}2`))];
          const g = randomUUID();
          await store.createGroup({ id: g, sessionId: s.id, roomId: `room-${tag}`, members: ps.map((p) => p.id), createdAt: 1_763_770_008_000 });
          await store.recordEvents(ps.map((p, i) => ({ sessionId: s.id, groupId: g, participantId: p.id, round: 1, kind: "live" as const, value: i, key: null, at: 1_763_770_008_100 + i })));
          await store.recordDecision({ sessionId: s.id, groupId: g, participantId: ps[0].id, round: 1, kind: "lock", value: 5, key: `k-${randomUUID()}`, at: 1_763_770_008_200 });
          const r: RoundRecord = { sessionId: s.id, groupId: g, round: 1, total: 5, share: 4, startedAt: 1_763_770_008_000, endedAt: 1_763_770_009_000 };
          const pays: PayoffRecord[] = ps.map((p, i) => ({
            sessionId: s.id, groupId: g, participantId: p.id, round: 1, contribution: i * 5, timedOut: i === 1, payoff: 24 - i * 5, decidedAt: 1_763_770_008_200,
            actor: i === 1 ? ("bot" as const) : ("participant" as const), groupN: 2,
          }));
          await store.settleRound(r, pays);
          return { s, g, ps: await store.participantsByIds(ps.map((p) => p.id)), r, pays };
        };
        const one = await fill("a");
        const two = await fill("b");

        for (const x of [one, two]) {
          const participants = await store.participants(x.s.id);
          assert.deepEqual(sortBy(participants, (p) => p.id), sortBy(x.ps, (p) => p.id));
          const groups = await store.groups(x.s.id);
          assert.deepEqual(groups.map((g) => g.id), [x.g]);
          assert.deepEqual(await store.rounds(x.s.id), [x.r]);
          assert.deepEqual(sortBy(await store.payoffs(x.s.id), (p) => p.participantId), sortBy(x.pays, (p) => p.participantId));
          const decisions = await store.decisions(x.s.id);
          assert.equal(decisions.length, 3);
          assert.ok(decisions.every((d) => d.sessionId === x.s.id));
          assertEpochs([...participants, ...groups, ...decisions]);
        }
        const nobody = randomUUID();
        for (const rows of await Promise.all([store.participants(nobody), store.groups(nobody), store.rounds(nobody), store.payoffs(nobody), store.decisions(nobody)])) {
          assert.deepEqual(rows, []);
        }
      });
    });
  });
}
