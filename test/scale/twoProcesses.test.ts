// Two real server processes sharing Redis (presence, driver) and PostgreSQL play full sessions as one logical lobby.
import assert from "node:assert/strict";
import Redis from "ioredis";
import { DataSource } from "typeorm";
import { experiment } from "../helpers/fixtures.js";
import { enterAndConsent, joinLobbyVia, playToEnd } from "../helpers/participantBot.js";
import { startServerProcess, type ServerProcess } from "../helpers/processes.js";
import { freePorts } from "../helpers/ports.js";
import { createPostgresSchema, postgresOrSkip, redisOrSkip, type PostgresSchema } from "../helpers/services.js";

const ADMIN_PASSWORD = "scale-test-password";
const REDIS_DB = 11;

describe("scale-out: two processes, one Redis, one PostgreSQL", function () {
  this.timeout(120_000);
  let schema: PostgresSchema;
  let redis: Redis;
  let redisUrl = "";
  let procs: ServerProcess[] = [];

  before(async function () {
    const pg = await postgresOrSkip(this);
    redisUrl = `${(await redisOrSkip(this)).replace(/\/\d*$/, "")}/${REDIS_DB}`;
    schema = await createPostgresSchema(pg);
    redis = new Redis(redisUrl, { lazyConnect: true });
    await redis.connect();
    await redis.flushdb();
    const base = await freePorts(2, 3100 + (process.pid % 400) * 2);
    const env = (port: number) => ({
      DATABASE_URL: schema.url, REDIS_URL: redisUrl, PUBLIC_ADDRESS: "127.0.0.1:{port}", ADMIN_PASSWORD,
      PUBLIC_URL: `http://127.0.0.1:${port}`,
    });
    // Started one after the other: the first runs the migrations.
    procs.push(await startServerProcess(base, env(base)));
    procs.push(await startServerProcess(base + 1, env(base + 1)));
  });

  after(async () => {
    await Promise.all(procs.map((p) => p.stop()));
    await redis?.flushdb();
    redis?.disconnect();
    await schema?.drop();
  });

  const admin = { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}`, "content-type": "application/json" };
  const sql = async (query: string) => {
    const ds = new DataSource({ type: "postgres", url: schema.url, extra: { max: 1 } });
    await ds.initialize();
    try {
      return await ds.query(query);
    } finally {
      await ds.destroy();
    }
  };

  it("a burst of arrivals over both processes forms one lobby, every participant is grouped once, on whichever process runs the group", async () => {
    const res = await fetch(`${procs[0].url}/api/sessions`, {
      method: "POST", headers: admin,
      body: JSON.stringify({ experiment: experiment({ game: { groupSize: 4, rounds: 2 }, stages: { decisionSeconds: 30, resultsSeconds: 1 } }) }),
    });
    assert.equal(res.status, 201);
    const { code } = await res.json();
    const N = 24;
    const tokens = await Promise.all(Array.from({ length: N }, (_, i) => enterAndConsent(procs[i % 2].url, code, `s${i}`)));
    // All lobby requests at once, alternating processes: concurrent first arrivals on both.
    const seats = await Promise.all(tokens.map((t, i) => joinLobbyVia(procs[(i + 1) % 2].url, t)));
    assert.equal(new Set(seats.map((s) => s.lobby.roomId)).size, 1, "one lobby for the session");
    const results = await Promise.all(seats.map((s, i) => playToEnd(s.client, s.lobby, s.inbox, tokens[i], i % 21)));

    assert.ok(results.every((r) => r.outcome.kind === "completed"));
    const byGroup = new Map<string, number>();
    for (const r of results) byGroup.set(r.groupRoomId, (byGroup.get(r.groupRoomId) ?? 0) + 1);
    assert.equal(byGroup.size, N / 4);
    assert.ok([...byGroup.values()].every((n) => n === 4));

    const groups = await sql(`SELECT id, members, process_id FROM groups`);
    assert.equal(groups.length, N / 4, "no duplicate or phantom groups");
    const members = groups.flatMap((g: { members: string }) => JSON.parse(g.members));
    assert.equal(new Set(members).size, N, "every participant grouped exactly once");
    assert.ok(groups.every((g: { process_id: string | null }) => g.process_id), "every group room claimed by a process");
    // Colyseus places each room on the process with the fewest rooms by its last stats, so a burst may land on one;
    // what must hold is that every group runs on one of the two and was played through whichever process it is on.
    const processIds = await Promise.all(procs.map(async (p) => (await (await fetch(`${p.url}/health`)).json()).processId as string));
    assert.ok(groups.every((g: { process_id: string }) => processIds.includes(g.process_id)), "every group room runs on a live process");
    const payoffs = await sql(`SELECT COUNT(*)::int AS n FROM payoffs`);
    assert.equal(payoffs[0].n, N * 2);
    // Everyone left the lobby for a group, so it closed and gave up its ownership row.
    assert.equal((await sql(`SELECT room_id FROM lobby_owners`)).length, 0);
  });

  it("moves waiting participants to a lobby on the other process when the lobby's process stops", async () => {
    const res = await fetch(`${procs[0].url}/api/sessions`, {
      method: "POST", headers: admin, body: JSON.stringify({ experiment: experiment({ game: { groupSize: 4, rounds: 1 }, stages: { decisionSeconds: 30, resultsSeconds: 1 } }) }),
    });
    const { code } = await res.json();
    const tokens = await Promise.all([0, 1, 2].map((i) => enterAndConsent(procs[0].url, code, `m${i}`)));
    const waiting = await Promise.all(tokens.map((t) => joinLobbyVia(procs[0].url, t)));
    const lobbyId = waiting[0].lobby.roomId;
    const [owner] = await sql(`SELECT process_id FROM lobby_owners`);
    const hosting = await Promise.all(procs.map(async (p) => (await (await fetch(`${p.url}/health`)).json()).processId as string));
    const victim = procs[hosting.indexOf(owner.process_id)] ?? procs[0];
    const survivor = procs.find((p) => p !== victim)!;
    const relocations = waiting.map((w) => w.inbox.next("relocate", 15_000));
    void victim.stop("SIGTERM");
    await Promise.all(relocations);
    // As the page does: ask again (through the surviving process), keeping the original arrival order.
    const moved = await Promise.all(tokens.map((t) => joinLobbyVia(survivor.url, t)));
    assert.notEqual(moved[0].lobby.roomId, lobbyId);
    assert.equal(new Set(moved.map((m) => m.lobby.roomId)).size, 1);
    const fourth = await joinLobbyVia(survivor.url, await enterAndConsent(survivor.url, code, "m3"));
    const all = [...moved, fourth];
    const results = await Promise.all(all.map((s, i) => playToEnd(s.client, s.lobby, s.inbox, i < 3 ? tokens[i] : "late-token-x", 5)));
    assert.ok(results.every((r) => r.outcome.kind === "completed"));
    procs = procs.filter((p) => p !== victim);
  });

  it("leaves no room listings or presence keys in Redis after a graceful stop", async () => {
    // Stops with a lobby that still has someone waiting, so the listing must be removed by the shutdown itself.
    const res = await fetch(`${procs[0].url}/api/sessions`, { method: "POST", headers: admin, body: JSON.stringify({ experiment: experiment() }) });
    const { code } = await res.json();
    const w = await joinLobbyVia(procs[0].url, await enterAndConsent(procs[0].url, code, "last"));
    assert.ok((await redis.keys("*")).length > 0, "a live lobby is listed in Redis");
    void w;
    await Promise.all(procs.map((p) => p.stop("SIGTERM")));
    const keys = await redis.keys("*");
    assert.deepEqual(keys, [], `left behind: ${keys.join(", ")}`);
    const owners = await sql(`SELECT room_id FROM lobby_owners`);
    assert.equal(owners.length, 0, "the lobby released its ownership on shutdown");
  });
});
