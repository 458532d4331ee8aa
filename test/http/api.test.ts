// HTTP boundary tests: entry link, consent, admin API and exports, over a real server.
import assert from "node:assert/strict";
import { experiment } from "../helpers/fixtures.js";
import { ADMIN, startApp, type TestApp } from "../helpers/app.js";

const auth = { authorization: `Basic ${Buffer.from(`${ADMIN.user}:${ADMIN.password}`).toString("base64")}` };
const json = { "content-type": "application/json" };
const PID = "5f8a1b2c3d4e5f6a7b8c9d0e";
const STUDY = "60aa11bb22cc33dd44ee55ff";
const PSESSION = "70aa11bb22cc33dd44ee55ff";

describe("http: participant entry and researcher API", function () {
  this.timeout(20_000);
  let app: TestApp;
  before(async () => (app = await startApp()));
  after(async () => app.shutdown());

  const get = (path: string, headers: Record<string, string> = {}) => fetch(`${app.url}${path}`, { headers, redirect: "manual" });
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${app.url}${path}`, { method: "POST", headers: { ...json, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });

  it("a Prolific link admits a participant once; the same PID gets the same page back", async () => {
    const { session } = await app.open(experiment());
    const link = `/join/${session.code}?PROLIFIC_PID=${PID}&STUDY_ID=${STUDY}&SESSION_ID=${PSESSION}`;
    const first = await get(link);
    assert.equal(first.status, 303);
    const page = first.headers.get("location")!;
    assert.match(page, /^\/p\/[A-Za-z0-9_-]{32}$/);
    assert.equal((await get(link)).headers.get("location"), page);
    const html = await get(page);
    assert.equal(html.status, 200);
    assert.match(await html.text(), /<main id="app">/);

    const token = page.split("/")[2];
    const view = await (await get(`/api/p/${token}`)).json();
    assert.equal(view.status, "entered");
    assert.equal(view.session.code, session.code);
    assert.equal(view.game.endowment, 20);
    assert.equal(JSON.stringify(view).includes(PID), false, "the page never echoes platform ids back");

    const refused = await post(`/api/p/${token}/consent`, { agree: false });
    assert.equal(refused.status, 400);
    assert.match((await refused.json()).error.message, /agree/);
    const ok = await post(`/api/p/${token}/consent`, { agree: true });
    assert.equal((await ok.json()).status, "consented");
    assert.equal(await app.store.countParticipants(session.id), 1);
  });

  it("refuses bad entry links with a page that says what to do", async () => {
    const { session } = await app.open(experiment({ capacity: 1 }));
    const cases: Array<[string, number, RegExp]> = [
      [`/join/NOSUCHCD?label=a`, 404, /session_not_found/],
      [`/join/${session.code}`, 400, /identity_missing/],
      [`/join/${session.code}?PROLIFIC_PID=not-an-id&STUDY_ID=${STUDY}&SESSION_ID=${PSESSION}`, 400, /identity_invalid/],
      [`/join/${session.code}?workerId=A1B2C3D4E5&assignmentId=ASSIGNMENT_ID_NOT_AVAILABLE&hitId=3ABCDEFGHIJ`, 400, /accept it first/],
      [`/join/${session.code}?label=a&label=b`, 400, /more than once/],
    ];
    for (const [path, status, pattern] of cases) {
      const res = await get(path);
      assert.equal(res.status, status, path);
      assert.match(await res.text(), pattern, path);
    }
    assert.equal((await get(`/join/${session.code}?label=first`)).status, 303);
    const full = await get(`/join/${session.code}?label=second`);
    assert.equal(full.status, 409);
    assert.match(await full.text(), /no free places/);
    assert.equal((await get(`/join/${session.code}?label=first`)).status, 303, "an admitted participant still gets back in");
    assert.equal((await get(`/api/p/${"z".repeat(32)}`)).status, 404);
  });

  it("the admin API needs credentials, validates bodies and creates sessions", async () => {
    assert.equal((await get("/api/sessions")).status, 401);
    assert.equal((await get("/api/sessions", { authorization: "Basic " + Buffer.from("admin:wrong").toString("base64") })).status, 401);
    assert.equal((await get("/admin/")).status, 401);
    assert.equal((await get("/colyseus/")).status, 401);

    const bad: Array<[unknown, number, RegExp]> = [
      ["{not json", 400, /not valid JSON/],
      [{}, 400, /exactly one/],
      [{ file: "../secrets.json" }, 400, /file name/],
      [{ file: "missing.json" }, 404, /No experiment file/],
      [{ experiment: { ...experiment(), game: { type: "publicGoods", groupSize: 99 } } }, 422, /game\.groupSize/],
      [{ experiment: experiment(), colour: "red" }, 400, /colour/],
    ];
    for (const [body, status, pattern] of bad) {
      const res = await post("/api/sessions", body, auth);
      assert.equal(res.status, status, JSON.stringify(body));
      assert.match((await res.json()).error.message, pattern);
    }
    const created = await post("/api/sessions", { file: "demo.json", label: "Pilot" }, auth);
    assert.equal(created.status, 201);
    const s = await created.json();
    assert.match(s.code, /^[A-Z2-9]{8}$/);
    assert.equal(s.label, "Pilot");
    assert.equal(s.joinUrl, `${app.url}/join/${s.code}`);
    const list = await (await get("/api/sessions", auth)).json();
    assert.ok(list.sessions.some((x: { code: string }) => x.code === s.code));
    assert.deepEqual((await (await get("/api/experiments", auth)).json()).files.includes("demo.json"), true);
    const admin = await get("/admin/", auth);
    assert.equal(admin.status, 200);
    assert.match(await admin.text(), /admin-[A-Z0-9]+\.js/);
  });

  it("exports one CSV row per participant and round, payments and the event log", async () => {
    const { session } = await app.open(experiment({ game: { groupSize: 2, rounds: 2 } }));
    const [a, b] = [await app.store.enterParticipant(session.id, { platform: "label", platformId: "ann", studyId: null, platformSessionId: null }, "t".repeat(32), 10), await app.store.enterParticipant(session.id, { platform: "label", platformId: "bob", studyId: null, platformSessionId: null }, "u".repeat(32), 10)].map((r) => r.participant);
    await app.store.createGroup({ id: "g1", sessionId: session.id, roomId: "g1", members: [a.id, b.id], createdAt: 1 });
    for (const round of [1, 2]) {
      await app.store.settleRound({ sessionId: session.id, groupId: "g1", round, total: 10, share: 8, startedAt: 1000 * round, endedAt: 1000 * round + 500 }, [
        { sessionId: session.id, groupId: "g1", participantId: a.id, round, contribution: 3 * round, timedOut: false, payoff: 25 - 3 * round, decidedAt: 1000 * round + 400, actor: "participant", groupN: 2 },
        { sessionId: session.id, groupId: "g1", participantId: b.id, round, contribution: 10 - 3 * round, timedOut: round === 2, payoff: 18 + 3 * round, decidedAt: 1000 * round + 450, actor: "participant", groupN: 2 },
      ]);
    }
    await app.store.updateParticipant(a.id, { status: "completed", points: 41, completedAt: 5000 });
    await app.store.recordDecision({ sessionId: session.id, groupId: "g1", participantId: a.id, round: 1, kind: "lock", value: 3, key: "k-ann-0001", at: 1400 });

    assert.equal((await get(`/api/sessions/${session.code}/export.csv`)).status, 401);
    const csv = await (await get(`/api/sessions/${session.code}/export.csv`, auth)).text();
    const [header, ...rows] = csv.trim().split("\n");
    assert.ok(header.startsWith("session,participant,platform,platform_id"));
    assert.equal(rows.length, 4);
    const cols = header.split(",");
    const cell = (row: string, name: string) => row.split(",")[cols.indexOf(name)];
    assert.deepEqual(rows.map((r) => [cell(r, "platform_id"), cell(r, "round"), cell(r, "contribution"), cell(r, "timed_out")]).sort(), [
      ["ann", "1", "3", "0"], ["ann", "2", "6", "0"], ["bob", "1", "7", "0"], ["bob", "2", "4", "1"],
    ]);
    const payments = await (await get(`/api/sessions/${session.code}/payments.csv`, auth)).text();
    assert.match(payments, /^platform,platform_id/);
    assert.match(payments, /label,ann,,completed,C1A2B3C4,41,1\.50,0\.41,0\.00,1\.91,GBP/);
    const events = await (await get(`/api/sessions/${session.code}/export.json`, auth)).json();
    assert.equal(events.decisions.length, 1);
    assert.deepEqual([events.meetings.pairs, events.meetings.repeatPairs], [1, 0], "the meeting report audits who met whom");
    assert.equal(events.session.seed, "test-seed");
    assert.equal(JSON.stringify(events).includes("t".repeat(32)), false, "participant tokens are never exported");
    assert.equal((await get(`/api/sessions/NOPE1234/export.csv`, auth)).status, 404);
  });
});
