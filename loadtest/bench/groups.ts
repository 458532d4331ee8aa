// Benchmark "groups": K groups of G participants each sending u live moves per second to a Cohort server in its own
// process; latency from a send to every other member's receipt, server CPU, event-loop lag, RSS. Then the same load
// against the floor (a raw `ws` relay) and Cohort's CPU per delivered update divided by the floor's. With --search,
// the most participants held with p99 ≤ 50 ms and lag p99 ≤ 20 ms. Run: npm run bench:groups -- --help
import { rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { performance } from "node:perf_hooks";
import { parseArgs } from "node:util";
import { join } from "node:path";
import type { ServeConfig, Prepared } from "../serve.js";
import { startChild, onInterrupt, type Child } from "../lib/children.js";
import { loadExperiment } from "../lib/experiment.js";
import { FanoutTracker, startMoving, type Member, type WindowResult } from "../lib/fanout.js";
import { gitCommit, machineBusyCores, machineInfo, machineLine, machineTicks, waitForQuiet } from "../lib/machine.js";
import { closeAll, connectCohort, connectFloor } from "../lib/members.js";
import { createBenchSchema, type BenchSchema } from "../lib/pg.js";
import type { WindowFigures } from "../lib/probe.js";
import type { LiveDelivery } from "../lib/roomVariants.js";
import { defaultOutFile, fixed, saveJson, table } from "../lib/report.js";
import { round1 } from "../lib/stats.js";
import { runMain } from "../lib/cli.js";

const LIVE: LiveDelivery[] = ["both", "messages", "state", "state-immediate"];

const HELP = `npm run bench:groups -- [options]

  --participants N[,N…]  load levels (participants; rounded to whole groups). Default 2000,4000
  --search               find the most participants held (p99 ≤ --p99 ms, lag p99 ≤ --lag ms, nothing lost):
                         steps through --participants (default 1000,2000,3000,4000,5000,6000), then bisects once
  --size G               participants per group. Default 4
  --rate U               live updates per participant per second. Default 1
  --warmup S             seconds of load before the window. Default 5
  --duration S           seconds measured. Default 30
  --floor / --no-floor   also measure the raw ws floor at each level. Default on
  --store S              memory | postgres | sqlite (Cohort's store). Default memory
Server experiments (without them the server runs exactly as committed):
  --heartbeat KIND       burst (Colyseus's: every client pinged in one loop) or spread (server/transport.ts)
  --ping-interval MS     ws heartbeat period (0 = off, a diagnostic). Default 3000
  --patch-rate MS        group rooms' patch interval. GroupRoom's: 250
  --live MODE            how a move reaches the group: messages (GroupRoom's), both (message + state, as before
                         efd55cb), state (next patch), state-immediate (patch right after the move)
  --group-commit         (postgres/sqlite) lock-ins through the group-commit prototype (experiment)
  --no-live-events       diagnostic: do not store live moves (shows what storing every move costs)
  --tuned                --live messages --heartbeat spread --patch-rate 250 (what the server does since efd55cb)
  --before-tuning        --live both --heartbeat burst --patch-rate 50 (the server before efd55cb)
  --p99 MS --lag MS      pass thresholds. Default 50 and 20
  --cpu-prof             write a V8 CPU profile of the Cohort server's measurement window to bench-results/profiles/
                         (the profiler costs a few % CPU: take headline figures from runs without it)
  --retry-noisy R        measure a level again, up to R times, when other processes used > 0.25 core. Default 1
  --grace MS             wait for late receipts before counting them missing. Default 2000
  --quiet-wait S         before each level, wait up to S s for other processes to go quiet. Default 60
  --out FILE             JSON result file. Default bench-results/groups-<time>.json
`;

export interface Options {
  levels: number[];
  search: boolean;
  size: number;
  rate: number;
  warmupS: number;
  durationS: number;
  floor: boolean;
  store: "memory" | "postgres" | "sqlite";
  heartbeat: ServeConfig["heartbeat"];
  variant: ServeConfig["variant"];
  storeWrap: ServeConfig["storeWrap"];
  p99Ms: number;
  lagMs: number;
  cpuProf: boolean;
  /** Late receipts are awaited this long after the window before they count as missing. */
  graceMs: number;
  /** Measure a level again (at most this many times) when other processes disturbed its window. */
  retryNoisy: number;
  /** Wait at most this long for the machine to be quiet before each level. */
  quietWaitS: number;
  out: string;
}

export interface LevelResult {
  server: "cohort" | "floor";
  participants: number;
  groups: number;
  setupS: number;
  /** Git commit of the code the server ran ("+dirty" with uncommitted changes). */
  commit: string | null;
  /** The server process measured (gone when the run ends). */
  serverPid: number;
  window: WindowResult;
  serverFigures: WindowFigures;
  /** Server CPU in the window divided by receipts in the window, µs. */
  cpuPerDeliveryUs: number;
  /** Load generator (this process) CPU % of one core in the window, and its event-loop utilisation. */
  generatorCpuPct: number;
  generatorElu: number;
  /** Cores busy with other processes during the window (machine busy − server − generator), and before the run. */
  otherCores: number;
  otherCoresBefore: number;
  /** Other processes used more than 0.25 core: the figures are disturbed; rerun on a quiet machine. */
  noisy: boolean;
  pass: boolean;
}

/** The tuning bench:groups measured and the server adopted in efd55cb (what it runs without flags since). */
export const TUNED = ["--live", "messages", "--heartbeat", "spread", "--patch-rate", "250"];
/** The server before that tuning: moves in state too, Colyseus's heartbeat burst, 50 ms patches. */
export const BEFORE = ["--live", "both", "--heartbeat", "burst", "--patch-rate", "50"];

export function parse(argv: string[]): Options | null {
  // --tuned expands in place, so flags after it still override it.
  argv = argv.flatMap((a) => (a === "--tuned" ? TUNED : a === "--before-tuning" ? BEFORE : [a]));
  const { values: v } = parseArgs({
    args: argv,
    options: {
      participants: { type: "string" }, search: { type: "boolean", default: false }, size: { type: "string", default: "4" },
      rate: { type: "string", default: "1" }, warmup: { type: "string", default: "5" }, duration: { type: "string", default: "30" },
      floor: { type: "boolean", default: true }, "no-floor": { type: "boolean", default: false },
      store: { type: "string", default: "memory" }, "ping-interval": { type: "string" }, heartbeat: { type: "string" },
      "patch-rate": { type: "string" }, "group-commit": { type: "boolean", default: false }, live: { type: "string" }, "no-live-events": { type: "boolean", default: false }, p99: { type: "string", default: "50" }, lag: { type: "string", default: "20" },
      "cpu-prof": { type: "boolean", default: false }, "quiet-wait": { type: "string", default: "60" }, grace: { type: "string", default: "2000" }, "retry-noisy": { type: "string", default: "1" }, out: { type: "string" }, help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (v.help) return null;
  const num = (name: string, x: string | undefined, min: number, max: number) => {
    const n = Number(x);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got ${x}`);
    return n;
  };
  const search = v.search!;
  const levels = (v.participants ?? (search ? "1000,2000,3000,4000,5000,6000" : "2000,4000")).split(",").map((x) => num("participants", x, 2, 20_000));
  if (!["memory", "postgres", "sqlite"].includes(v.store!)) throw new Error("--store is memory, postgres or sqlite");
  if (v.live !== undefined && !LIVE.includes(v.live as LiveDelivery)) throw new Error(`--live is one of ${LIVE.join(", ")}`);
  if (v.heartbeat !== undefined && !["burst", "spread"].includes(v.heartbeat)) throw new Error("--heartbeat is burst or spread");
  const heartbeat = v.heartbeat === undefined && v["ping-interval"] === undefined ? undefined : {
    kind: (v.heartbeat ?? "spread") as "burst" | "spread",
    ...(v["ping-interval"] !== undefined ? { pingInterval: num("ping-interval", v["ping-interval"], 0, 600_000) } : {}),
  };
  const variant = {
    ...(v["patch-rate"] !== undefined ? { patchRate: num("patch-rate", v["patch-rate"], 1, 10_000) } : {}),
    ...(v.live !== undefined ? { live: v.live as LiveDelivery } : {}),
    ...(v["no-live-events"] ? { recordLive: false } : {}),
  };
  const storeWrap = {
    ...(v["group-commit"] ? { groupCommit: true } : {}),
  };
  return {
    levels, search, storeWrap, size: num("size", v.size, 2, 32), rate: num("rate", v.rate, 0.01, 100),
    warmupS: num("warmup", v.warmup, 0, 600), durationS: num("duration", v.duration, 1, 3600),
    floor: v.floor! && !v["no-floor"], store: v.store as Options["store"], heartbeat, variant,
    p99Ms: num("p99", v.p99, 1, 10_000), lagMs: num("lag", v.lag, 1, 10_000), cpuProf: v["cpu-prof"]!, quietWaitS: num("quiet-wait", v["quiet-wait"], 0, 3600), graceMs: num("grace", v.grace, 0, 60_000), retryNoisy: num("retry-noisy", v["retry-noisy"], 0, 5),
    out: v.out ?? defaultOutFile("groups"),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Measures one load level against one server: start it, connect, load, measure, stop everything. */
export async function runLevel(kind: "cohort" | "floor", participants: number, o: Options, log: (s: string) => void): Promise<LevelResult> {
  const groups = Math.max(1, Math.round(participants / o.size));
  const n = groups * o.size;
  const valueSpace = 10_000;
  let schema: BenchSchema | null = null;
  let sqliteFile: string | null = null;
  let child: Child | null = null;
  let members: Member[] = [];
  let stopMoving: () => void = () => undefined;
  const dropSchema = async () => void (await schema?.drop().catch(() => undefined));
  const unhook = onInterrupt(dropSchema);
  try {
    const quiet = await waitForQuiet(0.3, o.quietWaitS * 1000);
    if (quiet.cores > 0.3) log(`  warning: the machine is busy with other work (${quiet.cores} cores) — figures will be disturbed`);
    const t0 = Date.now();
    const commit = gitCommit();
    const tracker = new FanoutTracker(o.size, valueSpace);
    const connectTimeout = 60_000 + n * 30;
    if (kind === "cohort") {
      let store = "memory";
      if (o.store === "postgres") store = (schema = await createBenchSchema()).url;
      if (o.store === "sqlite") store = `sqlite:${(sqliteFile = join(tmpdir(), `cohort-bench-${process.pid}-${Date.now()}.sqlite`))}`;
      child = await startChild(join(__dirname, "../serve.ts"), { store, heartbeat: o.heartbeat, variant: o.variant, storeWrap: o.storeWrap } satisfies ServeConfig);
      const experiment = loadExperiment({ groupSize: o.size, rounds: 1, endowment: valueSpace, decisionSeconds: 3600, resultsSeconds: 3600 });
      const prepared = await child.request<Prepared>("prepare", { experiment, groups, via: "rooms" }, 60_000 + n * 20);
      const listen = o.variant?.live === "state" || o.variant?.live === "state-immediate" ? "state" : "messages";
      members = await connectCohort(child.info.port, prepared, tracker, connectTimeout, listen);
    } else {
      child = await startChild(join(__dirname, "../floor.ts"), {});
      members = await connectFloor(child.info.port, groups, o.size, tracker, connectTimeout);
    }
    const setupS = (Date.now() - t0) / 1000;
    log(`  ${kind} ${n}: connected in ${setupS.toFixed(1)} s; warming up ${o.warmupS} s, measuring ${o.durationS} s`);

    stopMoving = startMoving(members, tracker, o.rate);
    await sleep(o.warmupS * 1000);
    if (o.cpuProf && kind === "cohort") await child.request("profile-start");
    await child.request("window-start");
    tracker.beginWindow();
    const genCpu0 = process.cpuUsage();
    const genElu0 = performance.eventLoopUtilization();
    const wall0 = performance.now();
    const ticks0 = machineTicks();
    await sleep(o.durationS * 1000);
    const ticks1 = machineTicks();
    const serverFigures = await child.request<WindowFigures>("window-end");
    if (o.cpuProf && kind === "cohort") {
      const file = join(__dirname, "../../bench-results/profiles", `cohort-${n}-${Date.now()}.cpuprofile`);
      log(`  CPU profile of the window: ${await child.request<string>("profile-stop", file)} (read it with: tsx loadtest/profile.ts <file>)`);
    }
    const genCpu = process.cpuUsage(genCpu0);
    const genElu = performance.eventLoopUtilization(genElu0).utilization;
    const wallMs = performance.now() - wall0;
    const window = await tracker.endWindow(o.graceMs);
    stopMoving();

    const machineCores = machineBusyCores(ticks0, ticks1)?.cores ?? NaN;
    const otherCores = fixed(machineCores - serverFigures.cpuMs / serverFigures.wallMs - (genCpu.user + genCpu.system) / 1000 / wallMs, 2);
    const cpuPerDeliveryUs = window.delivered > 0 ? (serverFigures.cpuMs * 1000) / window.delivered : NaN;
    const pass = window.latency.p99 <= o.p99Ms && serverFigures.lag.p99 <= o.lagMs && window.missing === 0 && Object.keys(window.errors).length === 0;
    return {
      server: kind, participants: n, groups, setupS: round1(setupS), commit, serverPid: child.pid, window, serverFigures, cpuPerDeliveryUs: fixed(cpuPerDeliveryUs, 2),
      generatorCpuPct: round1(((genCpu.user + genCpu.system) / 1000 / wallMs) * 100), generatorElu: fixed(genElu, 3),
      otherCores, otherCoresBefore: quiet.cores, noisy: otherCores > 0.25, pass,
    };
  } finally {
    stopMoving();
    await closeAll(members).catch(() => undefined);
    await child?.stop();
    await dropSchema();
    if (sqliteFile) for (const f of [sqliteFile, `${sqliteFile}-wal`, `${sqliteFile}-shm`]) rmSync(f, { force: true });
    unhook();
  }
}

/** runLevel, repeated (at most `o.retryNoisy` more times) while other processes disturbed the window. */
export async function measureLevel(kind: "cohort" | "floor", participants: number, o: Options, log: (s: string) => void): Promise<LevelResult> {
  let r = await runLevel(kind, participants, o, log);
  for (let i = 0; i < o.retryNoisy && r.noisy; i++) {
    log(`  other processes used ${r.otherCores} cores during that window: measuring again (${i + 1}/${o.retryNoisy})`);
    r = await runLevel(kind, participants, o, log);
  }
  return r;
}

export function row(r: LevelResult, floor?: LevelResult): Array<string | number | boolean> {
  const w = r.window;
  const s = r.serverFigures;
  return [
    r.server, r.participants, round1(w.sent / (s.wallMs / 1000)), w.delivered, fixed(w.latency.p50), fixed(w.latency.p95), fixed(w.latency.p99), fixed(w.latency.max),
    w.missing, fixed(s.cpuMs / 1000, 2), round1((s.cpuMs / s.wallMs) * 100), r.cpuPerDeliveryUs,
    floor ? fixed(r.cpuPerDeliveryUs / floor.cpuPerDeliveryUs, 2) : "", fixed(s.lag.p99), fixed(s.lag.max), s.rssMb, r.generatorCpuPct,
    fixed(r.otherCores, 2), r.pass ? "yes" : "no",
  ];
}

export const HEADERS = ["server", "N", "sent/s", "delivered", "p50 ms", "p95 ms", "p99 ms", "max ms", "missing", "cpu s", "cpu %", "µs/deliv", "÷floor", "lag p99", "lag max", "rss MB", "gen cpu %", "others", "pass"];

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const o = parse(argv);
  if (!o) {
    console.log(HELP);
    return 0;
  }
  const log = (s: string) => console.error(s);
  const machine = machineInfo();
  console.log(`bench:groups — ${machineLine(machine)}`);
  console.log(`load: groups of ${o.size}, ${o.rate} update(s)/participant/s, warm-up ${o.warmupS} s, window ${o.durationS} s; store ${o.store}; ` +
    `heartbeat ${o.heartbeat ? JSON.stringify(o.heartbeat) : "as the server"}; room variant ${JSON.stringify(o.variant)}; store prototypes ${JSON.stringify(o.storeWrap)}; pass = p99 ≤ ${o.p99Ms} ms, lag p99 ≤ ${o.lagMs} ms, nothing missing`);

  const results: LevelResult[] = [];
  const measure = async (n: number) => {
    const cohort = await measureLevel("cohort", n, o, log);
    results.push(cohort);
    const floor = o.floor ? await measureLevel("floor", n, o, log) : undefined;
    if (floor) results.push(floor);
    console.log(table(HEADERS, [row(cohort, floor), ...(floor ? [row(floor)] : [])]));
    if (cohort.noisy || floor?.noisy) console.log("  ⚠ other processes used CPU during this window (column \"others\", cores): treat these figures as disturbed");
    return cohort;
  };

  let held: number | null = null;
  if (o.search) {
    let failedAt: number | null = null;
    for (const n of o.levels) {
      const r = await measure(n);
      if (!r.pass) {
        failedAt = r.participants;
        break;
      }
      held = r.participants;
    }
    // One bisection between the last level held and the first one missed, to whole groups.
    if (failedAt !== null && held !== null && failedAt - held > 2 * o.size * 125) {
      const mid = Math.round((held + failedAt) / 2 / o.size) * o.size;
      const r = await measure(mid);
      if (r.pass) held = r.participants;
    }
    console.log(held === null ? `\nsearch: not even ${o.levels[0]} participants held` : `\nsearch: most participants held ≈ ${held} (p99 ≤ ${o.p99Ms} ms, lag p99 ≤ ${o.lagMs} ms)`);
  } else {
    for (const n of o.levels) await measure(n);
  }

  const rows = results.map((r) => row(r, r.server === "cohort" ? results.find((f) => f.server === "floor" && f.participants === r.participants) : undefined));
  console.log(`\nsummary\n${table(HEADERS, rows)}`);
  const file = saveJson(o.out, { bench: "groups", machine, options: o, results, held });
  console.log(`\nsaved ${file}`);
  return 0;
}

if (require.main === module) runMain(main);
