// pm2 runs the ecosystem file: two processes start, a reload mid-session interrupts no group, stop cleans up.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import Redis from "ioredis";
import { DataSource } from "typeorm";
import { experiment } from "../helpers/fixtures.js";
import { enterAndConsent, joinLobbyVia, playToEnd } from "../helpers/participantBot.js";
import { Inbox, waitFor } from "../helpers/clients.js";
import { freePorts } from "../helpers/ports.js";
import { createPostgresSchema, postgresOrSkip, redisOrSkip, type PostgresSchema } from "../helpers/services.js";

const run = promisify(execFile);
const ROOT = join(__dirname, "../..");
const PM2 = join(ROOT, "node_modules/.bin/pm2");
const ADMIN_PASSWORD = "pm2-test-password-123";
const REDIS_DB = 12;

async function sqlOn(url: string, query: string) {
  const ds = new DataSource({ type: "postgres", url, extra: { max: 1 } });
  await ds.initialize();
  try {
    return await ds.query(query);
  } finally {
    await ds.destroy();
  }
}

async function health(url: string): Promise<string | null> {
  try {
    const res = await fetch(`${url}/health`);
    return res.ok ? ((await res.json()) as { processId: string }).processId : null;
  } catch {
    return null;
  }
}

describe("scale-out: pm2 with ecosystem.config.js", function () {
  this.timeout(180_000);
  let home = "";
  let schema: PostgresSchema;
  let redis: Redis;
  let env: NodeJS.ProcessEnv = {};
  let base = 0;
  let urls: string[] = [];
  const pm2 = (...args: string[]) => run(PM2, args, { cwd: ROOT, env, timeout: 150_000 });
  const sql = (query: string) => sqlOn(schema.url, query);

  before(async function () {
    base = await freePorts(2, 3900 + (process.pid % 300) * 2);
    urls = [`http://127.0.0.1:${base}`, `http://127.0.0.1:${base + 1}`];
    const pg = await postgresOrSkip(this);
    const redisUrl = `${(await redisOrSkip(this)).replace(/\/\d*$/, "")}/${REDIS_DB}`;
    schema = await createPostgresSchema(pg);
    redis = new Redis(redisUrl);
    await redis.flushdb();
    home = mkdtempSync(join(tmpdir(), "cohort-pm2-"));
    env = {
      PATH: process.env.PATH, HOME: home, PM2_HOME: join(home, ".pm2"), COHORT_LOG_DIR: home,
      COHORT_PROCESSES: "2", PORT: String(base), COHORT_DRAIN_SECONDS: "60",
      NODE_ENV: "production", DATABASE_URL: schema.url, REDIS_URL: redisUrl, PUBLIC_ADDRESS: "127.0.0.1:{port}",
      PUBLIC_URL: urls[0], ADMIN_PASSWORD, HOST: "127.0.0.1", LOG_LEVEL: "warn",
    };
    await pm2("start", "ecosystem.config.js");
  });

  afterEach(function () {
    // A failure is only explained by the processes' own logs: show them.
    if (this.currentTest?.state === "failed" && home) {
      for (const f of ["cohort-out.log", "cohort-error.log"]) {
        try {
          console.error(`--- ${f}\n${readFileSync(join(home, f), "utf8").slice(-4000)}`);
        } catch {
          /* no log written */
        }
      }
    }
  });

  after(async () => {
    if (home) {
      await pm2("kill").catch(() => undefined);
      rmSync(home, { recursive: true, force: true });
    }
    await redis?.flushdb();
    redis?.disconnect();
    await schema?.drop();
  });

  it("starts two processes, reloads them one by one while a group plays on, and stops cleanly", async () => {
    const before = await Promise.all(urls.map(health));
    assert.ok(before.every(Boolean), "both processes answer after `pm2 start` (wait_ready)");
    assert.notEqual(before[0], before[1]);
    const res = await fetch(`${urls[0]}/api/sessions`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ experiment: experiment({ game: { groupSize: 2, rounds: 2 }, stages: { decisionSeconds: 30, resultsSeconds: 2 } }) }),
    });
    const { code } = await res.json();

    // A group reaches round 1, then every process is reloaded while it plays.
    const tokens = await Promise.all([0, 1].map((i) => enterAndConsent(urls[i], code, `live${i}`)));
    const seats = await Promise.all(tokens.map((t, i) => joinLobbyVia(urls[i], t)));
    const { reservation } = await seats[0].inbox.next("matched");
    const other = await seats[1].inbox.next("matched");
    const rooms = [await seats[0].client.consumeSeatReservation(reservation), await seats[1].client.consumeSeatReservation(other.reservation)];
    const inboxes = rooms.map((r) => new Inbox(r));
    await waitFor(() => (rooms[0].state as any).stage === "decision", "round 1", 15_000);

    // Reload the process that runs this group (pm2 id = instance = port offset) while the group plays.
    const [group] = await sql(`SELECT process_id FROM groups`);
    const host = before.indexOf(group.process_id);
    assert.ok(host >= 0, "the group runs on one of the two processes");
    const reloadHost = pm2("reload", String(host));
    await new Promise((r) => setTimeout(r, 1500)); // pm2 has sent the stop signal: the host is draining
    assert.equal(await health(urls[host]), before[host], "the draining host still serves its group");
    for (const round of [1, 2]) {
      await waitFor(() => (rooms[0].state as any).stage === "decision" && (rooms[0].state as any).round === round, `decision ${round}`, 15_000);
      rooms.forEach((room, i) => room.send("lock", { value: 5 + i, key: `pm2-${i}-round-${round}` }));
      await Promise.all(inboxes.map((b) => b.next("ack", 10_000)));
      await waitFor(() => (rooms[0].state as any).stage !== "decision", `results ${round}`, 15_000);
      rooms.forEach((room) => room.send("ready", {}));
    }
    const outcomes = await Promise.all(inboxes.map((b) => b.next("finished", 20_000)));
    assert.ok(outcomes.every((o) => o.kind === "completed"), "the group finished despite the reload");

    // New arrivals during or after the reload are served.
    const late = await Promise.all([0, 1].map((i) => enterAndConsent(urls[1 - i], code, `late${i}`)));
    const lateSeats = await Promise.all(late.map((t, i) => joinLobbyVia(urls[i], t)));
    const lateResults = await Promise.all(lateSeats.map((s, i) => playToEnd(s.client, s.lobby, s.inbox, late[i], 3, 60_000)));
    assert.ok(lateResults.every((r) => r.outcome.kind === "completed"));

    await reloadHost;
    const mid = await Promise.all(urls.map(health));
    assert.ok(mid[host] && mid[host] !== before[host], "the host was replaced once its group had finished");
    const payoffs = await sql(`SELECT COUNT(*)::int AS n FROM payoffs`);
    assert.equal(payoffs[0].n, 2 * 2 + 2 * 2, "every round of both groups was stored");

    await pm2("reload", "cohort");
    const after = await Promise.all(urls.map(health));
    assert.ok(after.every(Boolean), "both processes are back after a full reload");
    assert.ok(after.every((id, i) => id !== mid[i]), "both were replaced by new processes");

    await pm2("delete", "cohort");
    assert.deepEqual(await Promise.all(urls.map(health)), [null, null]);
    assert.deepEqual(await redis.keys("*"), [], "no listings or presence keys left after pm2 stop");
  });
});
