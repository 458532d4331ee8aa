// Benchmark "decisions": lock-ins committed to PostgreSQL before acknowledgement, per second, with commit latency.
// Offers decisions at fixed rates (open loop, as independent participants do) to store.recordDecision — exactly the
// call GroupRoom awaits before its "ack" — and reports the rate achieved and the latency percentiles. Compares the
// TypeORM store as it is with the group-commit prototype (loadtest/groupCommit.ts). Optional background: the live-move
// moves of K group rooms written as the server writes them (one EventWriter per process, one write per 250 ms), or
// one INSERT per room every 250 ms as GroupRoom did before (`--background-per-room`), on the same pool.
import { randomUUID } from "node:crypto";
import { parseArgs } from "node:util";
import pino from "pino";
import { createDataSource } from "../../server/store/dataSource.js";
import type { DecisionRecord, Store } from "../../server/store/port.js";
import { EventWriter } from "../../server/store/eventWriter.js";
import { createTypeormStore } from "../../server/store/typeormStore.js";
import { onInterrupt } from "../lib/children.js";
import { machineBusyCores, machineInfo, machineLine, machineTicks, processTicks, waitForQuiet } from "../lib/machine.js";
import { BENCH_POSTGRES_URL, createBenchSchema } from "../lib/pg.js";
import { defaultOutFile, fixed, saveJson, table } from "../lib/report.js";
import { LatencyRecorder, type Summary } from "../lib/stats.js";
import { withGroupCommit } from "../groupCommit.js";
import { runMain } from "../lib/cli.js";

const HELP = `npm run bench:decisions -- [options]

  --rates R[,R…]        offered lock-ins per second. Default 250,500,1000,2000,4000 (stops once it cannot keep up)
  --duration S          seconds per rate. Default 15
  --modes M[,M…]        store (TypeORM store as it is) | group (group commit). Default store,group
  --pool N              PostgreSQL connections (DB_POOL_SIZE). Default 10
  --retries P           share of lock-ins sent twice with the same key (a client retry). Default 0.01
  --background-rooms K  also write the live moves of K rooms (4 members, 1 move/s each) through one EventWriter,
                        as the server does (one write per 250 ms for all rooms). Default 0
  --background-per-room write them as GroupRoom did before the EventWriter: one INSERT per room every 250 ms
  --p99 MS              pass threshold for commit latency. Default 25
  --quiet-wait S        wait up to S s for other processes to go quiet before each mode. Default 30
  --retry-noisy R       measure a rate again (up to R times) when processes other than this one and PostgreSQL
                        used more than 0.25 core. Default 1
  --every-rate          run every rate, also after one the store could not keep up with (smoke tests)
  --db URL              PostgreSQL database (a fresh schema is created and dropped). Default ${BENCH_POSTGRES_URL}
  --out FILE            JSON result file. Default bench-results/decisions-<time>.json
`;

interface Options {
  rates: number[];
  durationS: number;
  modes: Array<"store" | "group">;
  pool: number;
  retries: number;
  backgroundRooms: number;
  /** Background events as one INSERT per room flush (before the EventWriter) instead of the process's writer. */
  backgroundPerRoom: boolean;
  p99Ms: number;
  quietWaitS: number;
  retryNoisy: number;
  /** Run every rate even once the store is saturated (higher rates then only queue up, so the default stops). */
  everyRate: boolean;
  db: string;
  out: string;
}

export interface RateResult {
  mode: "store" | "group";
  offered: number;
  /** Lock-ins acknowledged per second (committed, or answered as a stored retry). */
  achieved: number;
  latency: Summary;
  failed: number;
  /** Offered but not acknowledged when the window closed plus 5 s. */
  unanswered: number;
  /** Rows with a key in the table after the run (each key once). */
  rowsStored: number;
  batches?: { count: number; decisions: number; largest: number };
  backgroundEventsPerS: number;
  /** Cores used during the window by PostgreSQL (all its processes) and by everything else except this process. */
  postgresCores: number;
  otherCores: number;
  pass: boolean;
}

function parse(argv: string[]): Options | null {
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      rates: { type: "string", default: "250,500,1000,2000,4000" }, duration: { type: "string", default: "15" },
      modes: { type: "string", default: "store,group" }, pool: { type: "string", default: "10" }, retries: { type: "string", default: "0.01" },
      "background-rooms": { type: "string", default: "0" }, "background-per-room": { type: "boolean", default: false }, p99: { type: "string", default: "25" }, "quiet-wait": { type: "string", default: "30" }, "retry-noisy": { type: "string", default: "1" }, "every-rate": { type: "boolean", default: false }, db: { type: "string" }, out: { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  if (v.help) return null;
  const num = (name: string, x: string | undefined, min: number, max: number) => {
    const n = Number(x);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got ${x}`);
    return n;
  };
  const modes = v.modes!.split(",");
  if (!modes.every((m) => m === "store" || m === "group")) throw new Error("--modes takes store and/or group");
  return {
    rates: v.rates!.split(",").map((r) => num("rates", r, 1, 100_000)), durationS: num("duration", v.duration, 1, 3600),
    modes: modes as Options["modes"], pool: num("pool", v.pool, 1, 90), retries: num("retries", v.retries, 0, 0.5),
    backgroundRooms: num("background-rooms", v["background-rooms"], 0, 20_000), backgroundPerRoom: v["background-per-room"] as boolean, p99Ms: num("p99", v.p99, 1, 10_000), quietWaitS: num("quiet-wait", v["quiet-wait"], 0, 3600), retryNoisy: num("retry-noisy", v["retry-noisy"], 0, 5),
    everyRate: v["every-rate"] as boolean, db: v.db ?? BENCH_POSTGRES_URL, out: v.out ?? defaultOutFile("decisions"),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Runs `fn` and adds the cores PostgreSQL and everything else (not this process) used meanwhile. */
async function measured<T>(fn: () => Promise<T>): Promise<T & { postgresCores: number; otherCores: number }> {
  const pg = () => processTicks((comm) => comm === "postgres");
  const [m0, p0, c0, t0] = [machineTicks(), pg(), process.cpuUsage(), performance.now()];
  const result = await fn();
  const [m1, p1, c1, t1] = [machineTicks(), pg(), process.cpuUsage(c0), performance.now()];
  const seconds = (t1 - t0) / 1000;
  const postgresCores = (p1 - p0) / 100 / seconds;
  const machine = machineBusyCores(m0, m1)?.cores ?? NaN;
  const own = (c1.user + c1.system) / 1e6 / seconds;
  return { ...result, postgresCores: fixed(postgresCores, 2), otherCores: fixed(machine - own - postgresCores, 2) };
}

/** Offers `rate` lock-ins per second for `durationS` to `store`; returns the figures. */
async function offer(store: Store, rate: number, durationS: number, retries: number, sessionId: string): Promise<{ latency: Summary; achieved: number; failed: number; unanswered: number }> {
  const latency = new LatencyRecorder();
  let issued = 0;
  let sent = 0;
  let answered = 0;
  let failed = 0;
  const groupId = randomUUID();
  const start = performance.now();
  const total = Math.round(rate * durationS);
  let lastAnswer = start;
  const send = (d: DecisionRecord) => {
    sent++;
    const t0 = performance.now();
    store.recordDecision(d).then(() => {
      latency.record(performance.now() - t0);
      answered++;
      lastAnswer = performance.now();
    }, () => void failed++);
  };
  // Open loop: the schedule never waits for answers, as independent participants do not.
  await new Promise<void>((resolve) => {
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - start) / 1000) * rate));
      for (; issued < due; issued++) {
        const d: DecisionRecord = {
          sessionId, groupId, participantId: randomUUID(), round: 1 + (issued % 50), kind: "lock", value: issued % 21,
          key: `bench-${randomUUID()}`, at: Date.now(),
        };
        send(d);
        if (Math.random() < retries) send({ ...d }); // the same lock-in again (a client retry): must be stored once
      }
      if (issued >= total) {
        clearInterval(tick);
        resolve();
      }
    }, 2);
  });
  const windowEnd = performance.now();
  // Stragglers get 5 s; whatever has not answered by then is counted as unanswered.
  for (let i = 0; i < 250 && answered + failed < sent; i++) await sleep(20);
  const elapsedS = (Math.max(windowEnd, lastAnswer) - start) / 1000;
  return { latency: latency.summary(), achieved: answered / elapsedS, failed, unanswered: sent - answered - failed };
}

/**
 * Live moves of `rooms` group rooms of 4 moving once a second: every 250 ms each room has one event. They go through
 * one EventWriter (as the server writes them), or with `perRoom` as one INSERT per room (GroupRoom before it).
 */
function backgroundEvents(store: Store, rooms: number, sessionId: string, perRoom: boolean): { stop(): Promise<void>; perSecond(): number } {
  if (rooms === 0) return { stop: async () => undefined, perSecond: () => 0 };
  let written = 0;
  const started = performance.now();
  const inflight = new Set<Promise<void>>();
  const counting: Store = { ...store, recordEvents: (events) => store.recordEvents(events).then(() => void (written += events.length)) };
  const writer = perRoom ? null : new EventWriter(counting, pino({ level: "silent" }));
  const timers = Array.from({ length: rooms }, () => {
    const groupId = randomUUID();
    const participants = [randomUUID(), randomUUID(), randomUUID(), randomUUID()];
    const phase = setTimeout(() => {
      let n = 0;
      const flush = () => {
        const event: DecisionRecord = { sessionId, groupId, participantId: participants[n++ % 4], round: 1, kind: "live", value: n % 21, key: null, at: Date.now() };
        if (writer) return writer.push(event);
        const p = counting.recordEvents([event]).catch(() => undefined);
        inflight.add(p);
        void p.finally(() => inflight.delete(p));
      };
      timers.push(setInterval(flush, 250));
    }, Math.random() * 250);
    return phase;
  });
  return {
    perSecond: () => written / ((performance.now() - started) / 1000),
    stop: async () => {
      for (const t of timers) clearTimeout(t);
      await Promise.allSettled([...inflight]);
      await writer?.close();
    },
  };
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const o = parse(argv);
  if (!o) {
    console.log(HELP);
    return 0;
  }
  const machine = machineInfo();
  console.log(`bench:decisions — ${machineLine(machine)}`);
  const pgSettings: Record<string, string> = {};
  const results: RateResult[] = [];
  for (const mode of o.modes) {
    const schema = await createBenchSchema(o.db);
    const unhook = onInterrupt(() => schema.drop());
    const ds = createDataSource({ url: schema.url, poolSize: o.pool });
    try {
      await ds.initialize();
      await ds.runMigrations({ transaction: "each" });
      for (const name of ["server_version", "synchronous_commit", "fsync", "wal_sync_method", "commit_delay", "shared_buffers"]) {
        pgSettings[name] = ((await ds.query(`SHOW ${name}`)) as Array<Record<string, string>>)[0][name];
      }
      const plain = createTypeormStore(ds);
      const store = mode === "group" ? withGroupCommit(plain, ds, { maxInFlight: Math.max(1, Math.min(4, o.pool - 1)) }) : plain;
      const sessionId = randomUUID();
      await waitForQuiet(0.3, o.quietWaitS * 1000);
      const bg = backgroundEvents(plain, o.backgroundRooms, sessionId, o.backgroundPerRoom);
      try {
        await offer(store, 100, 1, 0, sessionId); // warm the pool and the statement paths
        for (const rate of o.rates) {
          const before = "batches" in store ? (store as ReturnType<typeof withGroupCommit>).batches() : undefined;
          let r = await measured(() => offer(store, rate, o.durationS, o.retries, sessionId));
          for (let i = 0; i < o.retryNoisy && r.otherCores > 0.25; i++) {
            console.log(`  other processes used ${r.otherCores} cores during ${mode} ${rate}/s: measuring again`);
            r = await measured(() => offer(store, rate, o.durationS, o.retries, sessionId));
          }
          const after = "batches" in store ? (store as ReturnType<typeof withGroupCommit>).batches() : undefined;
          const rows = Number(((await ds.query(`SELECT count(*) AS n FROM decisions WHERE key IS NOT NULL`)) as Array<{ n: string }>)[0].n);
          const pass = r.latency.p99 <= o.p99Ms && r.achieved >= rate * 0.95 && r.failed === 0 && r.unanswered === 0;
          const result: RateResult = {
            mode, offered: rate, achieved: fixed(r.achieved, 0), latency: r.latency, failed: r.failed, unanswered: r.unanswered, rowsStored: rows,
            batches: before && after ? { count: after.count - before.count, decisions: after.decisions - before.decisions, largest: after.largest } : undefined,
            backgroundEventsPerS: fixed(bg.perSecond(), 0), postgresCores: r.postgresCores, otherCores: r.otherCores, pass,
          };
          results.push(result);
          console.log(`  ${mode} ${rate}/s: achieved ${result.achieved}/s, p50 ${fixed(r.latency.p50)} ms, p99 ${fixed(r.latency.p99)} ms${pass ? "" : "  (missed)"}`);
          if (!o.everyRate && r.achieved < rate * 0.9) break; // saturated: higher rates only queue up
        }
      } finally {
        await bg.stop();
      }
    } finally {
      if (ds.isInitialized) await ds.destroy();
      await schema.drop();
      unhook();
    }
  }
  const rows = results.map((r) => [
    r.mode, r.offered, r.achieved, fixed(r.latency.p50), fixed(r.latency.p95), fixed(r.latency.p99), fixed(r.latency.max), r.failed + r.unanswered,
    r.batches ? fixed(r.batches.decisions / Math.max(1, r.batches.count), 1) : NaN, r.backgroundEventsPerS, r.postgresCores, r.otherCores, r.pass ? "yes" : "no",
  ]);
  console.log(`\nPostgreSQL ${pgSettings.server_version}: synchronous_commit=${pgSettings.synchronous_commit}, fsync=${pgSettings.fsync}, wal_sync_method=${pgSettings.wal_sync_method}, commit_delay=${pgSettings.commit_delay}; pool ${o.pool}; retries ${o.retries}; background rooms ${o.backgroundRooms}${o.backgroundRooms ? (o.backgroundPerRoom ? " (one INSERT per room flush)" : " (one EventWriter)") : ""}`);
  console.log(table(["mode", "offered/s", "achieved/s", "p50 ms", "p95 ms", "p99 ms", "max ms", "lost", "per batch", "bg events/s", "pg cores", "others", "pass"], rows));
  const best = (mode: string) => Math.max(0, ...results.filter((r) => r.mode === mode && r.pass).map((r) => r.offered));
  for (const mode of o.modes) console.log(`${mode}: highest offered rate held with p99 ≤ ${o.p99Ms} ms: ${best(mode) || "none"}/s`);
  const file = saveJson(o.out, { bench: "decisions", machine, postgres: pgSettings, options: o, results });
  console.log(`\nsaved ${file}`);
  return 0;
}

if (require.main === module) runMain(main);
