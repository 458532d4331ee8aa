// Smoke run of bench:decisions on PostgreSQL: both modes commit lock-ins, answer every one, and drop their schema.
import assert from "node:assert/strict";
import type { RateResult } from "../../loadtest/bench/decisions.js";
import { postgresOrSkip } from "../helpers/services.js";
import { benchSchemas, runScript, saneLatency } from "./run.js";

describe("loadtest: bench:decisions smoke run", function () {
  this.timeout(60_000);
  let url: string;
  before(async function () {
    url = await postgresOrSkip(this);
  });


  it("commits lock-ins at two small rates with the store and with group commit", async () => {
    const before = await benchSchemas(url);
    const run = await runScript<{ results: RateResult[] }>(
      "loadtest/bench/decisions.ts", ["--rates", "50,100", "--duration", "1", "--quiet-wait", "0", "--retry-noisy", "0", "--every-rate", "--db", url], "--out", 45_000,
    );
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stdout, /achieved\/s/);
    for (const mode of ["store", "group"] as const) {
      const rs = run.json.results.filter((r) => r.mode === mode);
      assert.equal(rs.length, 2, `${mode}: ${JSON.stringify(rs)}`);
      for (const r of rs) {
        assert.ok(saneLatency(r.latency), `${mode} ${r.offered}/s latency ${JSON.stringify(r.latency)}`);
        // Correctness only (how fast is the benchmark's business, and a busy machine must not fail this): every
        // lock-in offered is answered.
        assert.equal(r.failed + r.unanswered, 0);
        assert.ok(r.achieved > 0, `${mode} achieved ${r.achieved}/s of ${r.offered}/s`);
      }
      // Retries with the same key are stored once: rows equal the distinct lock-ins offered (plus the warm-up's).
      const last = rs[rs.length - 1];
      assert.equal(last.rowsStored, 100 + 50 + 100);
    }
    assert.deepEqual((await benchSchemas(url)).filter((s) => !before.includes(s)), [], "the run dropped its schemas");
  });
});
