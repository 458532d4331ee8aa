// Dropouts through @colyseus/testing: grace and same-seat return, bots, smaller groups, ended groups, inactivity.
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { experiment } from "../helpers/fixtures.js";
import { startApp, type TestApp } from "../helpers/app.js";
import { Inbox, joinLobby, takeSeat, waitFor } from "../helpers/clients.js";
import type { ParticipantRecord } from "../../server/store/port.js";

interface Seat { participant: ParticipantRecord; room: Room; inbox: Inbox; seat: number }
type Over = Parameters<typeof experiment>[0];

const state = (s: Seat) => s.room.state as any;
/** A network drop: the TCP connection dies without a close handshake (1006 on both sides), as when Wi-Fi goes. */
const dropConnection = (s: Seat) => (s.room.connection as unknown as { transport: { ws: { terminate(): void } } }).transport.ws.terminate();

async function group(app: TestApp, over: Over, n: number, prefix: string): Promise<{ seats: Seat[]; sessionId: string }> {
  const s = await app.open(experiment(over));
  const ps = await s.participants(n, { prefix });
  const seats = await Promise.all(ps.map(async (p) => {
    const lobby = await joinLobby(app, p.token);
    return { participant: p, ...(await takeSeat(app, lobby, new Inbox(lobby))) };
  }));
  seats.sort((a, b) => a.seat - b.seat);
  await waitFor(() => seats.every((x) => state(x).stage === "decision"), "first decision stage");
  return { seats, sessionId: s.session.id };
}

async function lock(s: Seat, value: number, key: string) {
  s.room.send("lock", { value, key });
  return s.inbox.next("ack");
}

describe("rooms: dropouts", function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => (app = await startApp()));
  after(async () => app.shutdown());

  it("a participant whose connection drops comes back to the same seat with the same state", async () => {
    const { seats, sessionId } = await group(app, { game: { groupSize: 2, rounds: 1 }, dropout: { graceSeconds: 10 } }, 2, "net");
    const [a, b] = seats;
    a.room.send("move", { value: 9 });
    await b.inbox.next("moved");
    dropConnection(a);
    // The SDK reconnects by itself, often within one patch interval, so the others may never see the seat offline.
    assert.equal((await a.inbox.next("welcome", 8000)).seat, a.seat, "back on the same seat within the grace period");
    await waitFor(() => state(b).players[a.seat].connected === true, "connected again for the others");
    assert.deepEqual(await a.inbox.next("moved"), { seat: a.seat, value: 9 }, "the live value comes back with the seat");
    await lock(a, 9, "net-a-key-1");
    await lock(b, 3, "net-b-key-1");
    await waitFor(() => state(a).stage === "results", "results");
    seats.forEach((s) => s.room.send("ready", {}));
    await a.inbox.next("finished");
    const events = await app.store.participantEvents(sessionId);
    assert.deepEqual(events.filter((e) => e.participantId === a.participant.id).map((e) => e.kind), ["grouped", "drop", "reconnect"]);
    assert.equal((await app.store.participants(sessionId)).find((p) => p.id === a.participant.id)!.status, "completed");
  });

  it("a decision whose acknowledgement was lost in a drop is stored exactly once when the page retries", async () => {
    const { seats, sessionId } = await group(app, { game: { groupSize: 2, rounds: 1 } }, 2, "ack");
    const [a] = seats;
    a.room.send("lock", { value: 6, key: "ack-lost-key-1" });
    dropConnection(a); // the ack may or may not have been sent; the page does not know
    assert.equal((await a.inbox.next("welcome", 8000)).seat, a.seat, "reconnected to the same seat");
    a.inbox.clear("ack");
    a.room.send("lock", { value: 6, key: "ack-lost-key-1" });
    assert.deepEqual(await a.inbox.next("ack"), { key: "ack-lost-key-1", value: 6, round: 1 });
    const locks = (await app.store.decisions(sessionId)).filter((d) => d.key === "ack-lost-key-1");
    assert.equal(locks.length, 1);
  });

  it("after the grace period a bot takes the seat: flagged decisions, the participant removed with earnings so far", async () => {
    const over: Over = { game: { groupSize: 2, rounds: 2 }, stages: { resultsSeconds: 1 }, dropout: { graceSeconds: 1, policy: [{ type: "bot", strategy: "fixed", value: 4 }] } };
    const { seats, sessionId } = await group(app, over, 2, "bot");
    const [a, b] = seats;
    a.room.reconnection.enabled = false;
    dropConnection(a);
    await waitFor(() => state(b).players[a.seat].control === "bot", "bot takeover after 1 s", 5000);
    await lock(b, 10, "bot-b-key-1");
    await waitFor(() => state(b).stage === "results", "round 1 settles with the bot's choice");
    b.room.send("ready", {});
    await waitFor(() => state(b).stage === "decision" && state(b).round === 2, "round 2");
    await lock(b, 0, "bot-b-key-2");
    assert.equal((await b.inbox.next("finished", 5000)).kind, "completed");

    const payoffs = await app.store.payoffs(sessionId);
    const mine = payoffs.filter((p) => p.participantId === a.participant.id);
    assert.deepEqual(mine.map((p) => [p.round, p.actor, p.contribution]), [[1, "bot", 4], [2, "bot", 4]]);
    const removed = (await app.store.participants(sessionId)).find((p) => p.id === a.participant.id)!;
    assert.equal(removed.status, "removed");
    assert.equal(removed.points, 0, "the bot's earnings are not the participant's");
    const kinds = (await app.store.participantEvents(sessionId)).filter((e) => e.participantId === a.participant.id).map((e) => e.kind);
    assert.deepEqual(kinds, ["grouped", "drop", "removed", "bot_takeover"]);
    assert.equal((await app.store.decisions(sessionId)).filter((d) => d.kind === "bot").length, 2);
    // The removed participant's page gets their outcome on return, not the seat.
    const view = await (await fetch(`${app.url}/api/p/${a.participant.token}`)).json();
    assert.equal(view.outcome.kind, "removed");
    assert.equal(view.outcome.code, "C9NOMATCH", "removed falls back to the no-match code when none is declared");
  });

  it("the group continues smaller, then ends when too few remain; everyone's data is flagged", async () => {
    const over: Over = {
      game: { groupSize: 3, rounds: 3 }, stages: { resultsSeconds: 1 },
      dropout: { graceSeconds: 1, policy: [{ type: "continueSmaller", minSize: 2 }, { type: "end" }] },
      completion: { codes: { groupEnded: "CENDED", removed: "CREMOVED" } },
    };
    const { seats, sessionId } = await group(app, over, 3, "small");
    const [a, b, c] = seats;
    c.room.reconnection.enabled = false;
    await c.room.leave(); // leaves on purpose: no grace
    await waitFor(() => state(a).players[c.seat].control === "closed", "c's seat closed");
    await lock(a, 10, "small-a-1");
    await lock(b, 20, "small-b-1");
    await waitFor(() => state(a).stage === "results", "round 1 settles among two");
    const r1 = (await app.store.payoffs(sessionId)).filter((p) => p.round === 1);
    assert.equal(r1.length, 2);
    assert.ok(r1.every((p) => p.groupN === 2));
    assert.equal(r1.find((p) => p.participantId === a.participant.id)!.payoff, 20 - 10 + (1.6 * 30) / 2);

    b.room.reconnection.enabled = false;
    dropConnection(b);
    const ended = await a.inbox.next("finished", 5000);
    assert.equal(ended.kind, "group_ended");
    assert.equal(ended.code, "CENDED");
    assert.equal(ended.points, 20 - 10 + 24);
    const people = await app.store.participants(sessionId);
    const status = (p: Seat) => people.find((x) => x.id === p.participant.id)!.status;
    assert.deepEqual([status(a), status(b), status(c)], ["group_ended", "removed", "removed"]);
    const pay = await (await fetch(`${app.url}/api/p/${b.participant.token}`)).json();
    assert.equal(pay.outcome.code, "CREMOVED");
  });

  it("missing K deadlines in a row counts as a dropout, with the connection still open", async () => {
    const over: Over = {
      game: { groupSize: 2, rounds: 3 }, stages: { decisionSeconds: 1, resultsSeconds: 1 },
      dropout: { maxConsecutiveTimeouts: 2, timeoutDefault: "none", policy: [{ type: "bot", strategy: "last" }] },
    };
    const { seats, sessionId } = await group(app, over, 2, "idle");
    const [a, b] = seats;
    for (const round of [1, 2]) {
      await waitFor(() => state(b).stage === "decision" && state(b).round === round, `decision ${round}`, 5000);
      await lock(b, 5, `idle-b-${round}`);
    }
    const outcome = await a.inbox.next("finished", 8000);
    assert.equal(outcome.kind, "removed");
    await waitFor(() => state(b).players[a.seat].control === "bot", "bot takes over", 3000);
    const mine = (await app.store.payoffs(sessionId)).filter((p) => p.participantId === a.participant.id).sort((x, y) => x.round - y.round);
    assert.deepEqual(mine.slice(0, 2).map((p) => [p.contribution, p.timedOut, p.payoff, p.groupN]), [[null, true, 0, 1], [null, true, 0, 1]]);
    const events = (await app.store.participantEvents(sessionId)).filter((e) => e.participantId === a.participant.id);
    assert.deepEqual(events.map((e) => [e.kind, e.detail]), [["grouped", null], ["removed", "inactive"], ["bot_takeover", "last"]]);
  });
});
