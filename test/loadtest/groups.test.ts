// Smoke run of bench:groups: a few seconds with a tiny load against Cohort and the floor; the figures are sane.
import assert from "node:assert/strict";
import type { LevelResult } from "../../loadtest/bench/groups.js";
import { alive, runScript, saneLatency } from "./run.js";

describe("loadtest: bench:groups smoke run", function () {
  this.timeout(60_000);

  it("measures Cohort and the floor at a tiny load, prints a table and stops both servers", async () => {
    const run = await runScript<{ results: LevelResult[]; machine: { cpus: number; node: string } }>(
      "loadtest/bench/groups.ts",
      ["--participants", "16", "--warmup", "1", "--duration", "2", "--grace", "500", "--quiet-wait", "0", "--retry-noisy", "0", "--rate", "2"],
      "--out", 45_000,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /p99 ms/);
    assert.ok(run.json.machine.cpus > 0 && run.json.machine.node.startsWith("v"));
    const cohort = run.json.results.find((r) => r.server === "cohort")!;
    const floor = run.json.results.find((r) => r.server === "floor")!;
    for (const r of [cohort, floor]) {
      assert.equal(r.participants, 16);
      assert.ok(r.window.sent > 0, `${r.server} sent nothing`);
      // Every update reaches the three other members of its group.
      assert.ok(r.window.delivered >= r.window.sent * 3 * 0.8, `${r.server}: ${r.window.delivered} receipts for ${r.window.sent} sends`);
      assert.equal(r.window.missing, 0, `${r.server} lost updates`);
      assert.deepEqual(r.window.errors, {});
      assert.ok(saneLatency(r.window.latency), `${r.server} latency ${JSON.stringify(r.window.latency)}`);
      assert.ok(r.serverFigures.cpuMs > 0 && r.serverFigures.rssMb > 0 && Number.isFinite(r.serverFigures.lag.p99));
      assert.ok(Number.isFinite(r.cpuPerDeliveryUs) && r.cpuPerDeliveryUs > 0);
      assert.equal(alive(r.serverPid), false, `${r.server} server ${r.serverPid} still running`);
    }
  });
});
