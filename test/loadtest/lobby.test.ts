// Smoke run of bench:lobby on Redis + PostgreSQL: 24 arrivals in 2 s over two processes are all grouped once, and the run stops what it started.
import assert from "node:assert/strict";
import Redis from "ioredis";
import type { LobbyResult } from "../../loadtest/bench/lobby.js";
import { postgresOrSkip, redisOrSkip } from "../helpers/services.js";
import { alive, benchSchemas, runScript, saneLatency } from "./run.js";

describe("loadtest: bench:lobby smoke run", function () {
  this.timeout(90_000);
  let pgUrl: string;
  let redisUrl: string;
  before(async function () {
    pgUrl = await postgresOrSkip(this);
    redisUrl = await redisOrSkip(this);
  });


  it("groups every arrival exactly once across two processes and cleans up Redis and PostgreSQL", async () => {
    const schemasBefore = await benchSchemas(pgUrl);
    const run = await runScript<LobbyResult>("loadtest/bench/lobby.ts", [
      "--arrivals", "24", "--seconds", "2", "--group", "4", "--quiet-wait", "0", "--retry-noisy", "0", "--max-seconds", "20",
      "--db", pgUrl, "--redis", redisUrl.replace(/\/\d*$/, ""),
    ], "--out", 80_000);
    // Exit 1 means a target was missed; only the latency target may miss on a busy machine (checked below).
    assert.ok(run.code === 0 || run.code === 1, `exit ${run.code}\n${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /group filled → all joined/);
    assert.match(run.stdout, /(PASS|FAIL) {2}zero duplicate groups/);
    const r = run.json;
    assert.equal(r.counts.arrivals, 24);
    assert.equal(r.counts.grouped, 24, run.stdout);
    assert.equal(r.counts.joined, 24, run.stdout);
    assert.equal(r.counts.failed + r.counts.expiredReservations + r.counts.stillWaiting, 0, run.stdout);
    assert.equal(r.groups.formed, 6);
    assert.equal(r.groups.inStore, 6);
    assert.equal(r.groups.duplicates, 0);
    assert.deepEqual(Object.values(r.groups.duplicateDetail), [0, 0, 0, 0, 0, 0]);
    assert.equal(r.processes.length, 2);
    assert.equal(r.processes.reduce((n, p) => n + p.groupsHosted, 0), 6, "every group room claimed by one of the two processes");
    assert.deepEqual(r.processes.map((p) => p.enteredVia), [12, 12]);
    for (const k of ["entry", "consent", "lobbySeat", "arrivalToMatched", "matchedToJoined", "formedToAllJoined"]) assert.ok(saneLatency(r.latency[k]), `${k} ${JSON.stringify(r.latency[k])}`);
    assert.equal(r.latency.formedToAllJoined.count, 6);
    assert.ok(r.targets.filter((t) => !t.name.startsWith("group filled")).every((t) => t.pass), JSON.stringify(r.targets));
    for (const p of r.processes) assert.equal(alive(p.pid), false, `server ${p.pid} still running`);
    // Cleaned up: the Redis database it used is empty, and its schema is gone.
    assert.equal(r.redisKeysLeft, 0);
    const redis = new Redis(`${redisUrl.replace(/\/\d*$/, "")}/${r.load.redisDb}`, { lazyConnect: true });
    await redis.connect();
    try {
      assert.equal(await redis.dbsize(), 0, `Redis db ${r.load.redisDb} left non-empty`);
    } finally {
      redis.disconnect();
    }
    assert.deepEqual((await benchSchemas(pgUrl)).filter((s) => !schemasBefore.includes(s)), [], "the run dropped its schema");
  });
});
