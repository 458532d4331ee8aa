// The standby pool: the lobby holds standby participants, backfills a dropped seat, and asks to recruit (turnover rules).
import assert from "node:assert/strict";
import { createServer, type Server } from "node:http";
import type { Room } from "@colyseus/sdk";
import { experiment } from "../helpers/fixtures.js";
import { ADMIN, startApp, type TestApp } from "../helpers/app.js";
import { Inbox, joinLobby, takeSeat, waitFor } from "../helpers/clients.js";

describe("rooms: standby pool and turnover rules", function () {
  this.timeout(30_000);
  let app: TestApp;
  let hook: Server;
  const received: Array<{ session: string; reason: string }> = [];
  let hookUrl = "";

  before(async () => {
    app = await startApp();
    hook = createServer((req, res) => {
      let body = "";
      req.on("data", (d) => (body += d));
      req.on("end", () => {
        received.push(JSON.parse(body));
        res.end("ok");
      });
    });
    await new Promise<void>((r) => hook.listen(0, "127.0.0.1", r));
    hookUrl = `http://127.0.0.1:${(hook.address() as { port: number }).port}/recruit`;
  });
  after(async () => {
    hook.close();
    await app.shutdown();
  });

  it("keeps one standby, moves them into a dropped seat, flags their decisions and requests recruitment", async () => {
    const s = await app.open(experiment({
      game: { groupSize: 2, rounds: 2 }, stages: { resultsSeconds: 1 },
      standby: { size: 1, webhookUrl: hookUrl },
      dropout: { graceSeconds: 1, policy: [{ type: "standby" }, { type: "end" }] },
    }));
    const ps = await s.participants(3, { prefix: "sb" });
    const lobbies: Array<{ room: Room; inbox: Inbox }> = [];
    for (const p of ps.slice(0, 2)) {
      const room = await joinLobby(app, p.token);
      lobbies.push({ room, inbox: new Inbox(room) });
    }
    // Two wait: with one place held for standby, no group of two forms yet.
    const q = await lobbies[1].inbox.next("queue");
    assert.equal(q.waiting, 2);
    await new Promise((r) => setTimeout(r, 300));
    assert.equal(lobbies[0].inbox.pending("matched").length, 0, "the standby place is kept");
    const third = await joinLobby(app, ps[2].token);
    lobbies.push({ room: third, inbox: new Inbox(third) });

    // The two earliest are grouped; the latest arrival stays as standby.
    const seats = await Promise.all(lobbies.slice(0, 2).map((l) => takeSeat(app, l.room, l.inbox)));
    assert.equal(lobbies[2].inbox.pending("matched").length, 0);
    await waitFor(() => (seats[0].room.state as any).stage === "decision", "round 1");

    // Seat of the first participant drops for good; the standby is moved in.
    const leaver = seats[0];
    const stayer = seats[1];
    leaver.room.reconnection.enabled = false;
    await leaver.room.leave();
    const { reservation } = await lobbies[2].inbox.next("matched", 5000);
    await lobbies[2].room.leave();
    const newcomer = await app.colyseus.sdk.consumeSeatReservation(reservation);
    const ni = new Inbox(newcomer);
    assert.equal((await ni.next("welcome")).seat, leaver.seat, "the standby takes the dropped seat");
    await waitFor(() => (stayer.room.state as any).players[leaver.seat].connected === true, "the group sees the newcomer");

    for (const round of [1, 2]) {
      await waitFor(() => (stayer.room.state as any).stage === "decision" && (stayer.room.state as any).round === round, `decision ${round}`);
      newcomer.send("lock", { value: 7, key: `sb-new-${round}` });
      stayer.room.send("lock", { value: 2, key: `sb-old-${round}` });
      await ni.next("ack");
      await stayer.inbox.next("ack");
    }
    const [o1, o2] = await Promise.all([ni.next("finished", 8000), stayer.inbox.next("finished", 8000)]);
    assert.deepEqual([o1.kind, o2.kind], ["completed", "completed"]);

    const people = await app.store.participants(s.session.id);
    const status = (i: number) => people.find((p) => p.id === ps[i].id)!.status;
    assert.deepEqual([status(0), status(1), status(2)].sort(), ["completed", "completed", "removed"]);
    const newcomerId = people.find((p) => p.id !== ps[0].id && p.id !== ps[1].id && p.groupId)!.id;
    const rows = (await app.store.payoffs(s.session.id)).filter((p) => p.participantId === newcomerId);
    assert.deepEqual(rows.map((r) => [r.round, r.actor, r.contribution]), [[1, "replacement", 7], [2, "replacement", 7]]);
    const events = await app.store.participantEvents(s.session.id);
    assert.ok(events.some((e) => e.kind === "replacement" && e.participantId === newcomerId));

    // Rule 2: the two who completed each free a place to recruit; rule 3 (the dropout) recruits nobody.
    const recruit = await (await fetch(`${app.url}/api/sessions/${s.session.code}/recruitment`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` },
    })).json();
    assert.equal(recruit.requested, 2);
    assert.deepEqual(recruit.requests.map((r: { reason: string }) => r.reason), ["active_finished", "active_finished"]);
    await waitFor(() => received.length === 2, "the webhook got both requests");
    assert.deepEqual(received.map((r) => [r.session, r.reason]), [[s.session.code, "active_finished"], [s.session.code, "active_finished"]]);
  });

  it("a waiting participant who finishes (released after the wait limit) is replaced by recruiting one more", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2 }, lobby: { maxWaitSeconds: 1 }, standby: { size: 1 } }));
    const [p] = await s.participants(1, { prefix: "wf" });
    const room = await joinLobby(app, p.token);
    const inbox = new Inbox(room);
    assert.equal((await inbox.next("released", 5000)).kind, "no_match");
    const requests = await app.store.recruitments(s.session.id);
    assert.deepEqual(requests.map((r) => [r.reason, r.participantId]), [["waiting_finished", p.id]]);
  });

  it("falls through to the next step when nobody is on standby", async () => {
    const s = await app.open(experiment({
      game: { groupSize: 2, rounds: 1 }, dropout: { graceSeconds: 1, policy: [{ type: "standby" }, { type: "bot", strategy: "fixed", value: 1 }] },
    }));
    const ps = await s.participants(2, { prefix: "nsb" });
    const seats = await Promise.all(ps.map(async (p) => {
      const lobby = await joinLobby(app, p.token);
      return takeSeat(app, lobby, new Inbox(lobby));
    }));
    seats[0].room.reconnection.enabled = false;
    await seats[0].room.leave();
    await waitFor(() => (seats[1].room.state as any).players[seats[0].seat].control === "bot", "a bot, since nobody waits");
  });
});
