// Room tests through @colyseus/testing: lobby → group → rounds → completion, with stored rows checked.
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { settleRound } from "../../server/domain/games/publicGoods.js";
import { experiment } from "../helpers/fixtures.js";
import { startApp, type TestApp, type TestSession } from "../helpers/app.js";
import { Inbox, joinLobby, takeSeat, waitFor } from "../helpers/clients.js";
import type { ParticipantRecord } from "../../server/store/port.js";
import { createDataSource } from "../../server/store/dataSource.js";
import { openTypeormStore } from "../../server/store/typeormStore.js";
import { createPostgresSchema, postgresOrSkip, type PostgresSchema } from "../helpers/services.js";

interface Seat { participant: ParticipantRecord; room: Room; inbox: Inbox; seat: number }

/** Brings `participants` through the lobby into their group and returns them in seat order. */
async function matchGroup(app: TestApp, s: TestSession, participants: ParticipantRecord[]): Promise<Seat[]> {
  const lobbies = await Promise.all(participants.map(async (p) => {
    const room = await joinLobby(app, p.token);
    return { p, room, inbox: new Inbox(room) };
  }));
  const seats = await Promise.all(lobbies.map(async ({ p, room, inbox }) => ({ participant: p, ...(await takeSeat(app, room, inbox)) })));
  return seats.sort((a, b) => a.seat - b.seat);
}

const state = (seat: Seat) => seat.room.state as any;

describe("rooms: a public-goods group from lobby to completion", function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => (app = await startApp()));
  after(async () => app.shutdown());

  it("four participants play three live rounds; payoffs, decisions and completion are stored", async () => {
    const s = await app.open(experiment({ game: { groupSize: 4, rounds: 3, endowment: 20, multiplier: 1.6 }, stages: { decisionSeconds: 30, resultsSeconds: 30 } }));
    const group = await matchGroup(app, s, await s.participants(4));
    assert.deepEqual(group.map((g) => g.seat), [0, 1, 2, 3]);
    await waitFor(() => state(group[0]).stage === "decision", "round 1");

    const plan = [[5, 10, 0, 20], [20, 20, 20, 20], [0, 0, 0, 7]];
    for (const [r, contributions] of plan.entries()) {
      await waitFor(() => group.every((g) => state(g).stage === "decision" && state(g).round === r + 1), `decision of round ${r + 1}`);
      // A live move reaches every other member as a message.
      group.forEach((g) => g.inbox.clear("moved"));
      group[0].room.send("move", { value: 3 });
      for (const other of group.slice(1)) assert.deepEqual(await other.inbox.next("moved"), { seat: 0, value: 3 });
      await Promise.all(group.map(async (g, i) => {
        const key = `r${r}-seat${i}-key`;
        g.room.send("lock", { value: contributions[i], key });
        assert.deepEqual(await g.inbox.next("ack"), { key, value: contributions[i], round: r + 1 });
      }));
      await waitFor(() => group.every((g) => state(g).stage === "results" && state(g).round === r + 1), `results of round ${r + 1}`);
      const expected = settleRound({ type: "publicGoods", endowment: 20, multiplier: 1.6, groupSize: 4, rounds: 3, live: true, defaultContribution: 0 }, contributions);
      assert.equal(state(group[0]).total, expected.total);
      assert.deepEqual(state(group[0]).players.map((p: any) => p.payoff), expected.payoffs);
      group.forEach((g) => g.room.send("ready", {}));
    }

    const outcomes = await Promise.all(group.map((g) => g.inbox.next("finished")));
    const totals = [0, 1, 2, 3].map((i) => plan.reduce((sum, c) => sum + settleRound({ type: "publicGoods", endowment: 20, multiplier: 1.6, groupSize: 4, rounds: 3, live: true, defaultContribution: 0 }, c).payoffs[i], 0));
    outcomes.forEach((o, i) => {
      assert.equal(o.kind, "completed");
      assert.equal(o.code, "C1A2B3C4");
      assert.equal(o.points, Math.round(totals[i] * 100) / 100);
      assert.match(o.url, /cc=C1A2B3C4$/);
    });

    const payoffs = await app.store.payoffs(s.session.id);
    assert.equal(payoffs.length, 12);
    for (const [r, contributions] of plan.entries()) {
      for (const g of group) {
        const row = payoffs.find((p) => p.participantId === g.participant.id && p.round === r + 1)!;
        assert.equal(row.contribution, contributions[g.seat]);
        assert.equal(row.timedOut, false);
      }
    }
    const decisions = await app.store.decisions(s.session.id);
    assert.equal(decisions.filter((d) => d.kind === "lock").length, 12);
    assert.equal(decisions.filter((d) => d.kind === "live").length, 3);
    const people = await app.store.participants(s.session.id);
    assert.ok(people.every((p) => p.status === "completed" && p.completedAt !== null));
    assert.equal((await app.store.rounds(s.session.id)).length, 3);
    // Earnings are private: each participant sees only their own.
    assert.equal(state(group[0]).players[0].earnings, outcomes[0].points);
    assert.equal(state(group[0]).players[1].earnings, undefined);
  });

  it("refuses bad messages with a clear error, keeps the room running and stores nothing twice", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, stages: { decisionSeconds: 30, resultsSeconds: 30 } }));
    const [a, b] = await matchGroup(app, s, await s.participants(2, { prefix: "bad" }));
    await waitFor(() => state(a).stage === "decision", "decision stage");

    const refusals: Array<[string, unknown, string]> = [
      ["move", { value: 21 }, "contribution_out_of_range"],
      ["move", { value: -1 }, "contribution_out_of_range"],
      ["move", { value: 2.5 }, "contribution_out_of_range"],
      ["move", { value: "7" }, "invalid_message"],
      ["move", { value: 1, extra: true }, "invalid_message"],
      ["lock", { value: 3 }, "invalid_message"],
      ["lock", { value: 3, key: "short" }, "invalid_message"],
      ["ready", {}, "stage_closed"],
      ["cheat", { value: 100 }, "unknown_message"],
    ];
    for (const [type, payload, code] of refusals) {
      a.room.send(type, payload);
      const err = await a.inbox.next("error");
      assert.equal(err.code, code, `${type} ${JSON.stringify(payload)}`);
      assert.ok(err.message.length > 20, "the message says what to do");
    }

    a.room.send("lock", { value: 4, key: "key-a-0001" });
    assert.equal((await a.inbox.next("ack")).value, 4);
    a.room.send("lock", { value: 4, key: "key-a-0001" }); // a retry: acknowledged again, stored once
    assert.equal((await a.inbox.next("ack")).key, "key-a-0001");
    a.room.send("lock", { value: 9, key: "key-a-0002" });
    assert.equal((await a.inbox.next("error")).code, "already_locked");
    a.room.send("lock", { value: 9, key: "key-a-0001" });
    assert.equal((await a.inbox.next("error")).code, "duplicate_key");
    a.room.send("move", { value: 1 });
    assert.equal((await a.inbox.next("error")).code, "already_locked");

    // The room kept running: b can still play and the round settles with a's first value.
    b.room.send("lock", { value: 6, key: "key-b-0001" });
    await b.inbox.next("ack");
    await waitFor(() => state(a).stage === "results", "results");
    const payoffs = await app.store.payoffs(s.session.id);
    assert.deepEqual(payoffs.map((p) => p.contribution).sort(), [4, 6]);
    const locks = (await app.store.decisions(s.session.id)).filter((d) => d.kind === "lock");
    assert.equal(locks.length, 2);
  });

  it("disconnects a runaway script that floods messages, and the group plays on", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, stages: { decisionSeconds: 30, resultsSeconds: 30 }, dropout: { graceSeconds: 0, policy: [{ type: "bot", strategy: "fixed", value: 1 }] } }));
    const [a, b] = await matchGroup(app, s, await s.participants(2, { prefix: "flood" }));
    await waitFor(() => state(a).stage === "decision", "decision stage");
    a.room.reconnection.enabled = false;
    const left = new Promise<number>((resolve) => a.room.onLeave((code: number) => resolve(code)));
    for (let i = 0; i < 100; i++) a.room.send("move", { value: i % 20 });
    assert.notEqual(await left, 4000, "closed by the server, not a consented leave");
    await waitFor(() => state(b).players[a.seat].control === "bot", "the flooder's seat goes to the declared policy");
    b.room.send("lock", { value: 3, key: "flood-b-key-1" });
    await b.inbox.next("ack");
    await waitFor(() => state(b).stage === "results", "the round settles");
  });

  it("at the deadline locks the last live value and flags the timeout", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, stages: { decisionSeconds: 1, resultsSeconds: 1 } }));
    const [a, b] = await matchGroup(app, s, await s.participants(2, { prefix: "late" }));
    await waitFor(() => state(a).stage === "decision", "decision stage");
    a.room.send("move", { value: 12 });
    await b.inbox.next("moved");
    b.room.send("lock", { value: 2, key: "key-late-b1" });
    await b.inbox.next("ack");
    await waitFor(() => state(a).stage === "results", "results after the deadline", 4000);
    const rows = await app.store.payoffs(s.session.id);
    const rowA = rows.find((r) => r.participantId === a.participant.id)!;
    assert.equal(rowA.contribution, 12);
    assert.equal(rowA.timedOut, true);
    assert.equal(rows.find((r) => r.participantId === b.participant.id)!.timedOut, false);
    assert.equal(state(b).players[a.seat].timedOut, true);
    const timeouts = (await app.store.decisions(s.session.id)).filter((d) => d.kind === "timeout");
    assert.deepEqual(timeouts.map((d) => [d.participantId, d.value]), [[a.participant.id, 12]]);
    // The results deadline ends the game too.
    const outcome = await a.inbox.next("finished", 4000);
    assert.equal(outcome.kind, "completed");
  });

  it("a participant who opens the page again takes the same seat; the old page is told", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, stages: { decisionSeconds: 30, resultsSeconds: 30 } }));
    const [a] = await matchGroup(app, s, await s.participants(2, { prefix: "tab" }));
    await waitFor(() => state(a).stage === "decision", "decision stage");
    a.room.send("move", { value: 8 });
    const fresh = await app.colyseus.sdk.joinById(a.room.roomId, { token: a.participant.token });
    const inbox = new Inbox(fresh);
    assert.equal((await inbox.next("welcome")).seat, a.seat);
    assert.match((await a.inbox.next("replaced")).message, /another tab/);
    // Live values are messages, not state: the new page is told the round's live values as it joins.
    assert.deepEqual(await inbox.next("moved"), { seat: a.seat, value: 8 }, "same live value on the new page");
  });
});

describe("rooms: the lobby", function () {
  this.timeout(20_000);
  let app: TestApp;
  before(async () => (app = await startApp()));
  after(async () => app.shutdown());

  it("refuses participants who have not consented, unknown tokens, and lobbies made outside the directory", async () => {
    const s = await app.open(experiment());
    const [p] = await s.participants(1, { prefix: "nc", consented: false });
    await assert.rejects(joinLobby(app, p.token), (e: Error) => /403.*consent/i.test(e.message));
    await assert.rejects(joinLobby(app, "x".repeat(32)), (e: Error) => /404.*participant link is not valid/.test(e.message));
    const [q] = await s.participants(1, { prefix: "direct" });
    await assert.rejects(app.colyseus.sdk.create("lobby", { sessionId: s.session.id, roomId: "lobby-fake", token: q.token }));
  });

  it("keeps one lobby per session when many arrive at once", async () => {
    const s = await app.open(experiment({ game: { groupSize: 4 } }));
    const ps = await s.participants(12, { prefix: "burst" });
    const rooms = await Promise.all(ps.map(async (p) => {
      const room = await joinLobby(app, p.token);
      new Inbox(room);
      return room;
    }));
    assert.equal(new Set(rooms.map((r) => r.roomId)).size, 1);
    const owner = await app.store.lobbyOwner(s.session.id);
    assert.equal(owner?.roomId, rooms[0].roomId);
  });

  it("groups by arrival time and releases those who wait past the limit with the no-match code", async () => {
    const s = await app.open(experiment({ game: { groupSize: 3 }, lobby: { maxWaitSeconds: 2 } }));
    const ps = await s.participants(4, { prefix: "q" });
    const joined: Array<{ room: Room; inbox: Inbox }> = [];
    for (const p of ps) {
      const room = await joinLobby(app, p.token);
      joined.push({ room, inbox: new Inbox(room) });
    }
    // The first three (by arrival) are matched; the fourth waits, then is released.
    for (const j of joined.slice(0, 3)) assert.ok((await j.inbox.next("matched")).reservation);
    const last = joined[3];
    const q = await last.inbox.next("queue");
    assert.equal(q.position, 1);
    assert.equal(q.needed, 2);
    const released = await last.inbox.next("released", 5000);
    assert.equal(released.kind, "no_match");
    assert.equal(released.code, "C9NOMATCH");
    assert.equal(released.pay.total, 1.5);
    const stored = await app.store.participants(s.session.id);
    assert.equal(stored.find((p) => p.id === ps[3].id)!.status, "no_match");
    assert.equal(stored.filter((p) => p.status === "playing").length, 3);
  });
});

describe("rooms: the same game on PostgreSQL", function () {
  this.timeout(30_000);
  let app: TestApp | undefined;
  let schema: PostgresSchema | undefined;
  before(async function () {
    const url = await postgresOrSkip(this);
    schema = await createPostgresSchema(url);
    app = await startApp(await openTypeormStore(createDataSource({ url: schema.url })));
  });
  after(async () => {
    await app?.shutdown();
    await schema?.drop();
  });

  it("stores every lock-in, round and payoff in PostgreSQL before acknowledging", async () => {
    const s = await app!.open(experiment({ game: { groupSize: 2, rounds: 2 }, stages: { decisionSeconds: 30, resultsSeconds: 30 } }));
    const [a, b] = await matchGroup(app!, s, await s.participants(2, { prefix: "pg" }));
    for (const round of [1, 2]) {
      await waitFor(() => state(a).stage === "decision" && state(a).round === round, `decision ${round}`);
      a.room.send("lock", { value: round * 3, key: `pg-a-${round}-key` });
      const ack = await a.inbox.next("ack");
      // Acknowledged means committed: the row is there the moment the ack arrives.
      const stored = (await app!.store.decisions(s.session.id)).filter((d) => d.key === `pg-a-${round}-key`);
      assert.deepEqual(stored.map((d) => [d.value, d.round]), [[ack.value, round]]);
      b.room.send("lock", { value: 20 - round, key: `pg-b-${round}-key` });
      await b.inbox.next("ack");
      await waitFor(() => state(a).stage === "results", `results ${round}`);
      a.room.send("ready", {});
      b.room.send("ready", {});
    }
    const [oa, ob] = await Promise.all([a.inbox.next("finished"), b.inbox.next("finished")]);
    const payoffs = await app!.store.payoffs(s.session.id);
    assert.equal(payoffs.length, 4);
    const sum = (id: string) => payoffs.filter((p) => p.participantId === id).reduce((t, p) => t + p.payoff, 0);
    assert.equal(oa.points, Math.round(sum(a.participant.id) * 100) / 100);
    assert.equal(ob.points, Math.round(sum(b.participant.id) * 100) / 100);
    const people = await app!.store.participants(s.session.id);
    assert.ok(people.every((p) => p.status === "completed" && typeof p.completedAt === "number"));
  });
});

describe("rooms: the lobby as a product", function () {
  this.timeout(20_000);
  let app: TestApp;
  before(async () => (app = await startApp()));
  after(async () => app.shutdown());

  it("estimates the wait, lets a participant leave with pay after the declared time, and pays waiting time", async () => {
    const s = await app.open(experiment({
      game: { groupSize: 4 }, lobby: { maxWaitSeconds: 60, leaveAllowedAfterSeconds: 1 },
      payment: { currency: "GBP", perPoint: 0.01, participationFee: 1.5, waitingBonusPerMinute: 6 },
    }));
    const [a, b] = await s.participants(2, { prefix: "leave" });
    const ra = await joinLobby(app, a.token);
    const ia = new Inbox(ra);
    const first = await ia.next("queue");
    assert.equal(first.estimatedSeconds, null, "no rate after one arrival");
    assert.equal(first.canLeaveAt, first.arrivedAt + 1000);
    const rb = await joinLobby(app, b.token);
    new Inbox(rb);
    const second = await ia.next("queue");
    assert.equal(second.needed, 2);
    assert.equal(typeof second.estimatedSeconds, "number");

    ra.send("leave", {});
    assert.equal((await ia.next("error")).code, "leave_not_yet");
    await new Promise((r) => setTimeout(r, 1100));
    ra.send("leave", {});
    const released = await ia.next("released");
    assert.equal(released.kind, "no_match");
    assert.ok(released.pay.waiting >= 0.1 && released.pay.waiting <= 0.2, `waiting bonus ${released.pay.waiting}`);
    assert.equal(released.pay.total, Math.round((1.5 + released.pay.waiting) * 100) / 100);
    const events = await app.store.participantEvents(s.session.id);
    assert.deepEqual(events.map((e) => [e.participantId, e.kind]), [[a.id, "left_lobby"]]);
    const csv = await (await fetch(`${app.url}/api/sessions/${s.session.code}/participants.csv`, {
      headers: { authorization: `Basic ${Buffer.from("admin:test-password-123").toString("base64")}` },
    })).text();
    const [header, ...rows] = csv.trim().split("\n");
    const cols = header.split(",");
    const mine = rows.map((r) => r.split(",")).find((r) => r[cols.indexOf("participant")] === a.id)!;
    assert.equal(mine[cols.indexOf("status")], "no_match");
    assert.equal(mine[cols.indexOf("waiting_bonus")], released.pay.waiting.toFixed(2));
  });
});
