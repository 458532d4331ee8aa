// Smoke run of `npm run loadtest`: bots play a short session on a local server to completion, with hidden tabs and
// drops; the run stops by itself with a summary and stops its server.
import assert from "node:assert/strict";
import { alive, runScript, saneLatency } from "./run.js";

interface Summary {
  ends: Record<string, number>;
  counts: Record<string, number>;
  latency: Record<string, { count: number; p50: number; p95: number; p99: number; max: number }>;
  localServerPid: number;
}

describe("loadtest: participant bots smoke run", function () {
  this.timeout(60_000);

  it("eight bots go from the entry link to completion and the run ends by itself", async () => {
    const run = await runScript<Summary>("loadtest/participants.ts", [
      "--local", "--numClients", "8", "--delay", "10", "--rounds", "2", "--decision-seconds", "4", "--results-seconds", "2",
      "--think", "50-300", "--move-rate", "5", "--move-for", "200-800", "--hidden", "0.2", "--hidden-for", "300-800",
      "--drop", "0.15", "--return-after", "200-500", "--quit", "0", "--seed", "smoke", "--max-seconds", "40", "--no-dashboard",
    ], "--json", 50_000);
    assert.equal(run.code, 0, `${run.stdout}\n${run.stderr}`);
    assert.match(run.stdout, /loadtest summary/);
    assert.deepEqual(run.json.ends, { completed: 8, no_match: 0, quit: 0, failed: 0, stopped: 0 });
    assert.ok(run.json.counts.movesSent > 0 && run.json.counts.movesReceived > 0);
    assert.ok(run.json.counts.locks > 0);
    for (const step of ["entry", "consent", "lobbyJoin", "groupJoin", "total"]) assert.ok(saneLatency(run.json.latency[step]), step);
    assert.equal(alive(run.json.localServerPid), false, "the local server was stopped");
  });
});
