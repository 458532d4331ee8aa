// The lobby's matching through @colyseus/testing: quotas from a question or the link, presence, balanced treatments.
import assert from "node:assert/strict";
import type { Room } from "@colyseus/sdk";
import { consent, enter } from "../../server/sessionService.js";
import { experiment } from "../helpers/fixtures.js";
import { startApp, type TestApp } from "../helpers/app.js";
import { Inbox, joinLobby, takeSeat, waitFor } from "../helpers/clients.js";

describe("rooms: matching in the lobby", function () {
  this.timeout(30_000);
  let app: TestApp;
  before(async () => (app = await startApp()));
  after(async () => app.shutdown());

  const quotas = { attribute: "gender", counts: { M: 1, F: 1 }, labels: { M: "Male", F: "Female" } };

  it("asks the quota question before the lobby, or takes the answer from the link", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2 }, matching: { mode: "arrival", quotas } }));
    const p = await enter(app.store, s.session.code, { label: "q1" });
    const view = await (await fetch(`${app.url}/api/p/${p.token}`)).json();
    assert.deepEqual(view.question, { attribute: "gender", text: "Please choose your gender", options: [{ value: "M", label: "Male" }, { value: "F", label: "Female" }] });
    const post = (body: unknown) => fetch(`${app.url}/api/p/${p.token}/consent`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    assert.equal((await (await post({ agree: true })).json()).error.code, "answer_required");
    assert.match((await (await post({ agree: true, answers: { gender: "X" } })).json()).error.message, /choose one of M, F/);
    assert.match((await (await post({ agree: true, answers: { age: "30" } })).json()).error.message, /not asked/);
    const ok = await (await post({ agree: true, answers: { gender: "F" } })).json();
    assert.equal(ok.status, "consented");
    assert.equal(ok.question, null);
    const linked = await enter(app.store, s.session.code, { label: "q2", gender: "M" });
    assert.deepEqual(linked.attributes, { gender: "M" });
  });

  it("groups by arrival filling the quotas: one M and one F per group, whatever the arrival order", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, matching: { mode: "arrival", quotas } }));
    const order = ["M", "M", "F", "M", "F", "F"];
    const joined: Array<{ id: string; gender: string; room: Room; inbox: Inbox }> = [];
    for (const [i, gender] of order.entries()) {
      const p = await enter(app.store, s.session.code, { label: `g${i}`, gender });
      await consent(app.store, p.token, Date.now());
      const room = await joinLobby(app, p.token);
      joined.push({ id: p.id, gender, room, inbox: new Inbox(room) });
    }
    await Promise.all(joined.map((j) => j.inbox.next("matched")));
    const groups = await app.store.groups(s.session.id);
    assert.equal(groups.length, 3);
    const genderOf = new Map(joined.map((j) => [j.id, j.gender]));
    for (const g of groups) assert.deepEqual(g.members.map((m) => genderOf.get(m)).sort(), ["F", "M"]);
    // Arrival order within each category: the first M with the first F, and so on.
    assert.deepEqual(groups[0].members.map((m) => joined.findIndex((j) => j.id === m)).sort(), [0, 2]);
  });

  it("groups by the rule the file names: same language together, asked before the lobby when the link lacks it", async () => {
    const rule = { name: "sameCategory", attribute: "lang", categories: ["en", "de"], question: "Which language do you chat in?" };
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, matching: { mode: "arrival", rule } }));
    const asked = await enter(app.store, s.session.code, { label: "r-asked" });
    const view = await (await fetch(`${app.url}/api/p/${asked.token}`)).json();
    assert.deepEqual(view.question, { attribute: "lang", text: "Which language do you chat in?", options: [{ value: "en", label: "en" }, { value: "de", label: "de" }] });
    const joined: Array<{ id: string; lang: string; inbox: Inbox }> = [];
    for (const [i, lang] of ["en", "de", "de", "en"].entries()) {
      const p = await enter(app.store, s.session.code, { label: `r${i}`, lang });
      await consent(app.store, p.token, Date.now());
      joined.push({ id: p.id, lang, inbox: new Inbox(await joinLobby(app, p.token)) });
    }
    await Promise.all(joined.map((j) => j.inbox.next("matched")));
    const langOf = new Map(joined.map((j) => [j.id, j.lang]));
    const groups = await app.store.groups(s.session.id);
    assert.deepEqual(groups.map((g) => g.members.map((m) => langOf.get(m))).sort(), [["de", "de"], ["en", "en"]]);
  });

  it("does not group a participant whose waiting page is hidden, until it is visible again", async () => {
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, lobby: { inactiveAfterSeconds: 1 } }));
    const [a, b] = await s.participants(2, { prefix: "vis" });
    const ra = await joinLobby(app, a.token);
    const ia = new Inbox(ra);
    ra.send("presence", { visible: false });
    await new Promise((r) => setTimeout(r, 1200));
    const rb = await joinLobby(app, b.token);
    const ib = new Inbox(rb);
    await waitFor(() => ia.pending("queue").some((q: any) => q.active === false), "a is shown as inactive", 3000);
    assert.equal(ia.pending("matched").length + ib.pending("matched").length, 0, "nobody grouped while a is away");
    ra.send("presence", { visible: true });
    const seats = await Promise.all([takeSeat(app, ra, ia), takeSeat(app, rb, ib)]);
    assert.deepEqual(seats.map((x) => x.seat).sort(), [0, 1]);
  });

  it("assigns treatments at entry to the least-filled, reproducibly from the seed, and groups within a treatment", async () => {
    const treatments = { assignAt: "entry" as const, list: [{ name: "low", params: { multiplier: 1.2 } }, { name: "high", params: { multiplier: 2 } }] };
    const s = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, treatments }));
    const ps = await s.participants(4, { prefix: "t" });
    const rooms = [];
    for (const p of ps) rooms.push(await joinLobby(app, p.token).then((room) => ({ room, inbox: new Inbox(room) })));
    const seats = await Promise.all(rooms.map((r) => takeSeat(app, r.room, r.inbox)));
    const people = await app.store.participants(s.session.id);
    const counts = people.reduce<Record<string, number>>((c, p) => ({ ...c, [p.treatment!]: (c[p.treatment!] ?? 0) + 1 }), {});
    assert.deepEqual(counts, { low: 2, high: 2 }, "balanced");
    const groups = await app.store.groups(s.session.id);
    for (const g of groups) {
      const t = new Set(g.members.map((m) => people.find((p) => p.id === m)!.treatment));
      assert.equal(t.size, 1, "a group shares one treatment");
      assert.equal(g.treatment, [...t][0]);
    }
    // The group plays its treatment's parameters.
    for (const seat of seats) {
      await waitFor(() => (seat.room.state as any).multiplier > 0, "state");
    }
    const multipliers = new Set(seats.map((x) => (x.room.state as any).multiplier));
    assert.deepEqual([...multipliers].sort(), [1.2, 2]);
    const events = (await app.store.participantEvents(s.session.id)).filter((e) => e.kind === "treatment_assigned");
    assert.equal(events.length, 4);

    // The same seed and arrival order assign the same treatments.
    const again = await app.open(experiment({ game: { groupSize: 2, rounds: 1 }, treatments }));
    const qs = await again.participants(4, { prefix: "t" });
    for (const q of qs) new Inbox(await joinLobby(app, q.token));
    const byLabel = async (sessionId: string) =>
      (await app.store.participants(sessionId)).sort((x, y) => (x.platformId < y.platformId ? -1 : 1)).map((p) => p.treatment);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(await byLabel(again.session.id), await byLabel(s.session.id));
  });
});
