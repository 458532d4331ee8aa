// Cohort re-matching through @colyseus/testing: perfect strangers and partners across rounds, groups re-formed in the lobby.
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { experiment } from "../helpers/fixtures.js";
import { ADMIN, startApp, type TestApp } from "../helpers/app.js";
import { Inbox, joinLobby } from "../helpers/clients.js";

/** A participant that plays every round it is seated for and follows "regroup" back to the lobby until it finishes. */
async function playCohort(app: TestApp, token: string, contribution: number): Promise<{ outcome: any; rooms: string[] }> {
  const rooms: string[] = [];
  for (;;) {
    const lobby = await joinLobby(app, token);
    const li = new Inbox(lobby);
    const next = await li.nextOf(["matched", "finished"], 20_000);
    await lobby.leave();
    if (next.type === "finished") return { outcome: next.payload, rooms };
    const room: Room = await app.colyseus.sdk.consumeSeatReservation(next.payload.reservation);
    const gi = new Inbox(room);
    rooms.push(room.roomId);
    let round = 0;
    const act = (s: any) => {
      if (s?.stage === "decision" && s.round > round) {
        round = s.round;
        room.send("lock", { value: contribution, key: `${token.slice(0, 10)}-${room.roomId.slice(0, 8)}-r${round}` });
      } else if (s?.stage === "results") {
        room.send("ready", {});
      }
    };
    room.onStateChange(act);
    act(room.state); // the round may have started before this handler existed
    const end = await gi.nextOf(["regroup", "finished"], 20_000);
    await room.leave();
    if (end.type === "finished") return { outcome: end.payload, rooms };
  }
}

describe("rooms: cohort re-matching", function () {
  this.timeout(60_000);
  let app: TestApp;
  before(async () => (app = await startApp()));
  after(async () => app.shutdown());

  it("perfect strangers: a cohort of 6 in pairs plays 5 rounds, nobody meets anyone twice", async () => {
    const s = await app.open(experiment({
      game: { groupSize: 2, rounds: 5 }, stages: { decisionSeconds: 30, resultsSeconds: 1 }, matching: { mode: "perfectStrangers", cohortSize: 6 },
    }));
    const ps = await s.participants(6, { prefix: "ps" });
    const results = await Promise.all(ps.map((p, i) => playCohort(app, p.token, i * 3)));
    assert.ok(results.every((r) => r.outcome.kind === "completed"));
    assert.ok(results.every((r) => r.rooms.length === 5), "a new group every round");

    const groups = await app.store.groups(s.session.id);
    assert.equal(groups.length, 15);
    const pairs = groups.map((g) => [...g.members].sort().join("+"));
    assert.equal(new Set(pairs).size, 15, "no pair twice");
    const payoffs = await app.store.payoffs(s.session.id);
    for (const p of ps) {
      const mine = payoffs.filter((x) => x.participantId === p.id).sort((a, b) => a.round - b.round);
      assert.deepEqual(mine.map((x) => x.round), [1, 2, 3, 4, 5]);
      const total = Math.round(mine.reduce((t, x) => t + x.payoff, 0) * 100) / 100;
      assert.equal(results[ps.indexOf(p)].outcome.points, total, "earnings carry across groups");
    }
    const cohorts = await app.store.cohorts(s.session.id);
    assert.equal(cohorts.length, 1);
    assert.equal(cohorts[0].plan.method, "roundRobin");
    const report = await (await fetch(`${app.url}/api/sessions/${s.session.code}/export.json`, {
      headers: { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` },
    })).json();
    assert.deepEqual([report.meetings.pairs, report.meetings.repeatPairs], [15, 0]);
  });

  it("an odd cohort sits one out each round, and partners stay together in one room for every round", async () => {
    const s = await app.open(experiment({
      game: { groupSize: 2, rounds: 3 }, stages: { decisionSeconds: 30, resultsSeconds: 1 }, matching: { mode: "perfectStrangers", cohortSize: 5 },
    }));
    const ps = await s.participants(5, { prefix: "odd" });
    const results = await Promise.all(ps.map((p) => playCohort(app, p.token, 5)));
    assert.ok(results.every((r) => r.outcome.kind === "completed"));
    const byes = (await app.store.participantEvents(s.session.id)).filter((e) => e.kind === "bye");
    assert.equal(byes.length, 3, "one bye per round");
    assert.equal(new Set(byes.map((b) => b.participantId)).size, 3, "nobody sits out twice before everyone has");

    const partners = await app.open(experiment({
      game: { groupSize: 2, rounds: 3 }, stages: { decisionSeconds: 30, resultsSeconds: 1 }, matching: { mode: "partner", cohortSize: 4 },
    }));
    const qs = await partners.participants(4, { prefix: "pt" });
    const pr = await Promise.all(qs.map((p) => playCohort(app, p.token, 10)));
    assert.ok(pr.every((r) => r.rooms.length === 1 && r.outcome.kind === "completed"), "one room for all rounds");
    assert.equal((await app.store.groups(partners.session.id)).length, 2);
  });

  it("rolling strangers: participants regroup after every round with people they have not met, re-meetings flagged", async () => {
    const s = await app.open(experiment({
      game: { groupSize: 2, rounds: 3 }, stages: { decisionSeconds: 30, resultsSeconds: 1 }, lobby: { maxWaitSeconds: 2 },
      matching: { mode: "rollingStrangers", fallback: "remeet" },
    }));
    const ps = await s.participants(4, { prefix: "roll" });
    const results = await Promise.all(ps.map((p, i) => playCohort(app, p.token, i)));
    assert.ok(results.every((r) => r.outcome.kind === "completed" && r.rooms.length === 3));
    const groups = await app.store.groups(s.session.id);
    assert.equal(groups.length, 6);
    const seen = new Map<string, number>();
    for (const g of groups) {
      const key = [...g.members].sort().join("+");
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    const repeats = [...seen.values()].reduce((t, n) => t + (n - 1), 0);
    const remeets = (await app.store.participantEvents(s.session.id)).filter((e) => e.kind === "remeet");
    assert.equal(remeets.length, repeats * 2, "every re-meeting is flagged, for both members");
    const payoffs = await app.store.payoffs(s.session.id);
    for (const p of ps) assert.deepEqual(payoffs.filter((x) => x.participantId === p.id).map((x) => x.round).sort(), [1, 2, 3]);
    const met = await app.store.metPairs(s.session.id);
    assert.equal(Object.keys(met!.pairs).length, seen.size, "the met-pairs record is in the store");
  });
});
