// Benchmark "lobby burst": N participants arrive within S seconds at one session served by two Cohort processes sharing Redis (presence, driver) and PostgreSQL, half entering through each; entry → consent → lobby seat → matched → group joined. Run: npm run bench:lobby -- --help
import "../../server/polyfills.js";
import { Client, type Room } from "@colyseus/sdk";
import Redis from "ioredis";
import { setMaxListeners } from "node:events";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { createRng, type Rng } from "../../server/domain/rng.js";
import { BotStats, DEFAULT_BEHAVIOUR, enterAndConsent, waitForGroup, type BotContext } from "../bot.js";
import type { ServeConfig } from "../serve.js";
import { onInterrupt, startChild, type Child } from "../lib/children.js";
import { runMain } from "../lib/cli.js";
import { loadExperiment } from "../lib/experiment.js";
import { machineBusyCores, machineInfo, machineLine, machineTicks, processTicks, waitForQuiet } from "../lib/machine.js";
import { BENCH_POSTGRES_URL, createBenchSchema, type BenchSchema } from "../lib/pg.js";
import type { WindowFigures } from "../lib/probe.js";
import { fixed, saveJson } from "../lib/report.js";
import { LatencyRecorder, type Summary } from "../lib/stats.js";
import { auditGroups } from "../lib/groupAudit.js";
import { printReport, type LobbyResult, type Options, type ProcessResult, type Target } from "../lib/lobbyReport.js";

export type { LobbyResult, Options };

const ROOT = join(__dirname, "../..");
/** Redis databases the benchmark may take when --redis names none: the first empty one is used and emptied afterwards. */
const REDIS_DBS = [12, 13, 14, 15];
const REDIS_LOCK = "cohort:bench:lobby:owner";
const ADMIN = "admin:bench-password";

const HELP = `npm run bench:lobby -- [options]

  --arrivals N          participants arriving. Default 500
  --seconds S           arrivals spread over S seconds. Default 10
  --group G             participants per group. Default 4
  --processes P         Cohort processes sharing Redis and PostgreSQL; participant i enters through process i mod P. Default 2
  --spread KIND         poisson (N arrival times drawn uniformly over S: a Poisson process with N arrivals) or uniform
                        (evenly spaced). Default poisson
  --seed TEXT           arrival times and labels. Default "lobby"
  --think MIN-MAX       reading the consent form, ms. Default 0-0 (arrivals reach the lobby at their scheduled time)
  --pre-entered         diagnostic: everyone enters and consents before the burst, so the burst is lobby seats only
  --max-seconds S       after the last arrival, give up waiting for groups after S s. Default 60
  --p99 MS              target: group filled → all its members joined, p99. Default 1000
  --pool N              PostgreSQL connections per process (DB_POOL_SIZE). Default 10
  --db URL              PostgreSQL database (a fresh schema is created and dropped). Default ${BENCH_POSTGRES_URL}
  --redis URL           Redis; with a database number (redis://host:6379/13) exactly that one, which must be empty;
                        without, the first empty database of ${REDIS_DBS.join(", ")}. Emptied afterwards. Default redis://127.0.0.1:6379
                        (or BENCH_REDIS_URL)
  --quiet-wait S        wait up to S s for other processes to go quiet first. Default 30
  --retry-noisy R       run again (up to R times) when other processes used more than 0.25 core during the burst. Default 1
  --server-logs         show the servers' warnings and errors (stderr). Default: errors only
  --out FILE            JSON result file. Default bench-results/lobby.json
Exit code: 0 when every target is met, 1 when one is missed, 2 when the run could not be set up.
`;

function parse(argv: string[]): Options | null {
  const str = { type: "string" } as const;
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      arrivals: str, seconds: str, group: str, processes: str, spread: str, seed: str, think: str, "max-seconds": str, p99: str, "pre-entered": { type: "boolean", default: false },
      pool: str, db: str, redis: str, "quiet-wait": str, "retry-noisy": str, "server-logs": { type: "boolean", default: false }, out: str, help: { type: "boolean", default: false },
    },
  });
  if (v.help) return null;
  const num = (name: string, x: string | undefined, def: number, min: number, max: number) => {
    if (x === undefined) return def;
    const n = Number(x);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got ${x}`);
    return n;
  };
  const think = /^(\d+)(?:-(\d+))?$/.exec(v.think ?? "0-0");
  if (!think) throw new Error(`--think is MIN-MAX in ms, got ${v.think}`);
  const spread = v.spread ?? "poisson";
  if (spread !== "poisson" && spread !== "uniform") throw new Error("--spread is poisson or uniform");
  return {
    arrivals: num("arrivals", v.arrivals, 500, 1, 50_000), seconds: num("seconds", v.seconds, 10, 0, 3600), group: num("group", v.group, 4, 2, 32),
    processes: num("processes", v.processes, 2, 1, 8), spread, seed: v.seed ?? "lobby",
    thinkMs: [Number(think[1]), Number(think[2] ?? think[1])], preEntered: v["pre-entered"]!, maxSeconds: num("max-seconds", v["max-seconds"], 60, 1, 3600),
    p99Ms: num("p99", v.p99, 1000, 1, 600_000), pool: num("pool", v.pool, 10, 1, 90), db: v.db ?? BENCH_POSTGRES_URL,
    redis: v.redis ?? process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379", quietWaitS: num("quiet-wait", v["quiet-wait"], 30, 0, 3600), retryNoisy: num("retry-noisy", v["retry-noisy"], 1, 0, 5),
    serverLogs: v["server-logs"]!, out: v.out ?? join(ROOT, "bench-results/lobby.json"),
  };
}

/** Arrival offsets in ms from the start, ascending. Poisson: a Poisson process conditioned on N arrivals in S seconds. */
export function arrivalSchedule(n: number, seconds: number, spread: Options["spread"], rng: Rng): number[] {
  const span = seconds * 1000;
  if (spread === "uniform") return Array.from({ length: n }, (_, i) => (n === 1 ? 0 : (i * span) / n));
  return Array.from({ length: n }, () => rng.next() * span).sort((a, b) => a - b);
}

/** One participant's path, in epoch ms (Date.now(): the lobby's formedAt comes from the server's clock, same machine). */
interface Arrival {
  index: number;
  /** Index of the process entered through (entry link, consent, lobby seat request). */
  via: number;
  scheduledMs: number;
  /** Set before the burst with --pre-entered. */
  token?: string;
  startedAt?: number;
  inLobbyAt?: number;
  matchedAt?: number;
  joinedAt?: number;
  groupId?: string;
  formedAt?: number;
  lobbyRoomId?: string;
  lobbyProcessId?: string | null;
  groupRoomId?: string;
  groupProcessId?: string;
  end?: "joined" | "released" | "failed" | "waiting" | "stopped";
  error?: { step: "entry" | "lobby" | "group"; code: string; message: string };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

/** Takes a Redis database for this run: the one named in `url`, or the first empty one of REDIS_DBS. */
async function takeRedis(url: string): Promise<{ url: string; db: number; redis: Redis }> {
  const named = /\/(\d+)$/.exec(url);
  const base = url.replace(/\/\d*$/, "");
  for (const db of named ? [Number(named[1])] : REDIS_DBS) {
    const redis = new Redis(`${base}/${db}`, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
    // The lock key claims the database against a concurrent run; it must be the only key there.
    if ((await redis.set(REDIS_LOCK, String(process.pid), "NX")) === "OK" && (await redis.dbsize()) === 1) return { url: `${base}/${db}`, db, redis };
    if ((await redis.get(REDIS_LOCK)) === String(process.pid)) await redis.del(REDIS_LOCK);
    redis.disconnect();
  }
  throw new Error(named
    ? `Redis database ${named[1]} at ${base} is not empty (another run, or left-overs: redis-cli -n ${named[1]} flushdb)`
    : `no empty Redis database among ${REDIS_DBS.join(", ")} at ${base}; name one with --redis ${base}/N`);
}

/** A Client whose rooms never warn about messages this benchmark does not listen to (queue, welcome, moved…). */
class QuietClient extends Client {
  protected createRoom<T>(roomName: string, rootSchema?: Parameters<Client["createRoom"]>[1]): Room<any, T> {
    const room = super.createRoom<T>(roomName, rootSchema as never);
    room.onMessage("*", () => undefined);
    return room;
  }
}

function errorCode(e: unknown): string {
  const err = e as { code?: unknown; name?: string; message?: string };
  if (typeof err.code === "number" || typeof err.code === "string") return String(err.code);
  if (/seat reservation expired/i.test(err.message ?? "")) return "524";
  const http = /refused: (\d{3}) (\w*)/.exec(err.message ?? "");
  if (http) return `http ${http[1]}${http[2] ? ` ${http[2]}` : ""}`;
  return err.name === "Error" || !err.name ? "error" : err.name;
}

const ms = (a: number | undefined, b: number | undefined) => (a === undefined || b === undefined ? undefined : b - a);

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const o = parse(argv);
  if (!o) {
    console.log(HELP);
    return 0;
  }
  let r = await runBurst(o);
  for (let i = 0; typeof r !== "number" && r.noisy && i < o.retryNoisy; i++) {
    console.log(`\nother processes used ${r.cores.others} cores during the burst: running it again (${i + 1}/${o.retryNoisy})`);
    r = await runBurst(o);
  }
  if (typeof r === "number") return r;
  const file = saveJson(o.out, r);
  console.log(`\nsaved ${file}`);
  return r.pass ? 0 : 1;
}

/** One burst: start the servers, run the arrivals, check the store, stop everything; a number when it could not start. */
async function runBurst(o: Options): Promise<LobbyResult | number> {
  const machine = machineInfo();
  console.log(`bench:lobby — ${machineLine(machine)}`);
  const quiet = await waitForQuiet(0.3, o.quietWaitS * 1000);
  if (quiet.cores > 0.3) console.log(`  warning: the machine is busy with other work (${quiet.cores} cores) — figures will be disturbed`);

  let redis: Awaited<ReturnType<typeof takeRedis>> | null = null;
  let schema: BenchSchema | null = null;
  const children: Child[] = [];
  const rooms: Room[] = [];
  const stopAll = new AbortController();
  setMaxListeners(0, stopAll.signal); // every waiting participant listens for the end of the run
  let cleaned = false;
  const cleanup = async (): Promise<number> => {
    if (cleaned) return 0;
    cleaned = true;
    stopAll.abort();
    await Promise.allSettled(rooms.map((r) => r.leave(true)));
    await Promise.allSettled(children.map((c) => c.stop()));
    let left = 0;
    if (redis) {
      left = (await redis.redis.dbsize().catch(() => 1)) - 1; // minus our lock key
      await redis.redis.flushdb().catch(() => undefined);
      redis.redis.disconnect();
    }
    await schema?.drop().catch(() => undefined);
    return left;
  };
  const unhook = onInterrupt(cleanup);
  try {
    // ── Services and servers ─────────────────────────────────────────────────────────────────────
    try {
      redis = await takeRedis(o.redis);
      schema = await createBenchSchema(o.db);
    } catch (e) {
      console.error(`bench:lobby needs PostgreSQL and Redis: ${e instanceof Error ? e.message : String(e)}`);
      await cleanup();
      return 2;
    }
    for (let i = 0; i < o.processes; i++) {
      const port = await freePort();
      // One after the other: the first runs the migrations.
      const config: ServeConfig = {
        store: schema.url, poolSize: o.pool, port, redisUrl: redis.url, publicAddress: `127.0.0.1:${port}`, logLevel: o.serverLogs ? "warn" : "error",
      };
      children.push(await startChild(join(__dirname, "../serve.ts"), config, { readyTimeoutMs: 60_000 }));
    }
    const urls = children.map((c) => `http://127.0.0.1:${c.info.port}`);
    const experiment = loadExperiment({ groupSize: o.group, rounds: 1, decisionSeconds: 3600, resultsSeconds: 3600, capacity: o.arrivals + 10, maxWaitSeconds: 3600 });
    const res = await fetch(`${urls[0]}/api/sessions`, {
      method: "POST", signal: AbortSignal.timeout(15_000),
      headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(ADMIN).toString("base64")}` },
      body: JSON.stringify({ experiment, label: `bench:lobby ${o.seed}` }),
    });
    const session = (await res.json()) as { code?: string };
    if (!res.ok || !session.code) throw new Error(`could not create the session: ${res.status} ${JSON.stringify(session)}`);
    const rng = createRng(`${o.seed}/arrivals`);
    const schedule = arrivalSchedule(o.arrivals, o.seconds, o.spread, rng);
    console.log(`  ${o.processes} processes (${children.map((c, i) => `${i}: pid ${c.pid} port ${c.info.port}`).join(", ")}), Redis db ${redis.db}, schema ${schema.name}, session ${session.code}`);
    console.log(`  ${o.arrivals} arrivals over ${o.seconds} s (${o.spread}, seed ${o.seed}), groups of ${o.group}`);

    // ── The burst ────────────────────────────────────────────────────────────────────────────────
    const stats = new BotStats();
    const behaviour = { ...DEFAULT_BEHAVIOUR, thinkMs: o.thinkMs };
    const contexts: BotContext[] = urls.map((httpUrl) => ({ httpUrl, session: session.code!, behaviour, stats, seed: o.seed, stop: stopAll.signal, prefix: "lobby" }));
    const arrivals: Arrival[] = schedule.map((scheduledMs, index) => ({ index, via: index % o.processes, scheduledMs }));

    const arrive = async (a: Arrival) => {
      const ctx = contexts[a.via];
      const client = new QuietClient(ctx.httpUrl);
      let step: NonNullable<Arrival["error"]>["step"] = "entry";
      a.startedAt = Date.now();
      try {
        const token = a.token ?? await enterAndConsent(ctx, `lobby-${o.seed}-${a.index}`, createRng(`${o.seed}/${a.index}`));
        step = "lobby";
        const m = await waitForGroup(ctx, client, token, () => (a.inLobbyAt = Date.now()));
        if (m.kind === "released") {
          a.end = "released";
          return;
        }
        const toEpoch = (t: number) => Date.now() - (performance.now() - t);
        a.inLobbyAt = toEpoch(m.inLobbyAt);
        a.matchedAt = toEpoch(m.matchedAt);
        a.lobbyRoomId = m.lobby.roomId;
        a.lobbyProcessId = m.lobby.processId;
        a.groupId = m.message.groupId;
        a.formedAt = m.message.formedAt;
        stats.lobbyWait.record(a.matchedAt - a.inLobbyAt);
        stats.counts.matched++;
        step = "group";
        const t = performance.now();
        const room = await client.consumeSeatReservation(m.reservation as Parameters<Client["consumeSeatReservation"]>[0]);
        a.joinedAt = Date.now();
        stats.groupJoin.record(performance.now() - t);
        rooms.push(room);
        room.reconnection.enabled = false;
        a.groupRoomId = room.roomId;
        a.groupProcessId = (m.reservation as { processId?: string }).processId;
        a.end = "joined";
      } catch (e) {
        if (stopAll.signal.aborted) {
          a.end = a.inLobbyAt !== undefined && a.matchedAt === undefined ? "waiting" : "stopped";
          return;
        }
        a.end = "failed";
        a.error = { step, code: errorCode(e), message: e instanceof Error ? e.message : String(e) };
        stats.error(`${step}: ${a.error.code}`);
        if (stats.failures.length < 20) stats.failures.push(`#${a.index} via ${a.via}, ${step}: ${a.error.message}`);
      }
    };

    if (o.preEntered) {
      // Diagnostic: entry and consent happen now, ten at a time, and are not part of the burst's figures.
      for (let i = 0; i < arrivals.length; i += 10) {
        await Promise.all(arrivals.slice(i, i + 10).map(async (a) => {
          a.token = await enterAndConsent(contexts[a.via], `lobby-${o.seed}-${a.index}`, createRng(`${o.seed}/${a.index}`));
        }));
      }
      stats.entry.reset();
      stats.consent.reset();
    }
    const windows = () => Promise.all(children.map((c) => c.request("window-start")));
    await windows();
    const pgTicks = () => processTicks((comm) => comm === "postgres");
    const redisTicks = () => processTicks((comm) => comm.startsWith("redis-server"));
    const before = { machine: machineTicks(), pg: pgTicks(), redis: redisTicks(), cpu: process.cpuUsage(), t: performance.now() };
    const t0 = performance.now();
    const running: Array<Promise<void>> = [];
    const pace = (async () => {
      for (const a of arrivals) {
        const wait = a.scheduledMs - (performance.now() - t0);
        if (wait > 0) await sleep(wait);
        running.push(arrive(a));
      }
    })();

    const settledAll = pace.then(() => Promise.all(running));
    const deadline = t0 + o.seconds * 1000 + o.maxSeconds * 1000;
    let stableSince = performance.now();
    let last = "";
    let lastLog = performance.now();
    for (;;) {
      await sleep(100);
      const ended = arrivals.filter((a) => a.end).length;
      const waiting = arrivals.filter((a) => !a.end && a.inLobbyAt !== undefined && a.matchedAt === undefined).length;
      const started = running.length;
      const joined = arrivals.filter((a) => a.end === "joined").length;
      const now = performance.now();
      if (now - lastLog >= 2000) {
        lastLog = now;
        console.log(`  ${((now - t0) / 1000).toFixed(0)} s: arrived ${started}, in lobby ${waiting}, joined a group ${joined}, failed ${arrivals.filter((a) => a.end === "failed").length}`);
      }
      if (ended === o.arrivals) break;
      // Everyone has arrived and only fewer than a group are left waiting: nothing more can happen before the wait limit.
      const state = `${ended}/${waiting}`;
      if (state !== last) (last = state), (stableSince = now);
      if (started === o.arrivals && ended + waiting === o.arrivals && waiting < o.group && now - stableSince >= 1500) break;
      if (now > deadline) {
        console.log(`  stopped waiting ${o.maxSeconds} s after the last arrival`);
        break;
      }
    }
    const wallS = (performance.now() - t0) / 1000;
    const after = { machine: machineTicks(), pg: pgTicks(), redis: redisTicks(), cpu: process.cpuUsage(before.cpu), t: performance.now() };
    const figures = await Promise.all(children.map((c) => c.request<WindowFigures>("window-end")));
    stopAll.abort();
    await Promise.race([settledAll, sleep(5000)]);
    for (const a of arrivals) a.end ??= a.inLobbyAt !== undefined && a.matchedAt === undefined ? "waiting" : "stopped";

    // ── What the store says: one stored group per announced group, nobody twice ─────────────────────
    const announced = new Map<string, Arrival[]>();
    for (const a of arrivals) if (a.matchedAt !== undefined && a.groupId) announced.set(a.groupId, [...(announced.get(a.groupId) ?? []), a]);
    const { inStore, byProcess, detail: dup } = await auditGroups(schema.url, announced, o.group);
    const duplicates = dup.participantsInTwoGroups + dup.groupsWithTwoRooms;
    const grouped = arrivals.filter((a) => a.matchedAt !== undefined);
    const byGroup = announced;

    const rec = () => new LatencyRecorder();
    const lat = { arrivalToMatched: rec(), inLobbyToMatched: rec(), formedToMatched: rec(), matchedToJoined: rec(), formedToAllJoined: rec(), lastInLobbyToAllJoined: rec() };
    for (const a of grouped) {
      const add = (r: LatencyRecorder, x: number | undefined) => x !== undefined && r.record(Math.max(0, x));
      add(lat.arrivalToMatched, ms(a.startedAt, a.matchedAt));
      add(lat.inLobbyToMatched, ms(a.inLobbyAt, a.matchedAt));
      add(lat.formedToMatched, ms(a.formedAt, a.matchedAt));
      add(lat.matchedToJoined, ms(a.matchedAt, a.joinedAt));
    }
    let groupsComplete = 0;
    for (const ms_ of byGroup.values()) {
      if (ms_.length !== o.group || ms_.some((a) => a.joinedAt === undefined)) continue; // never all joined: counted as failures
      groupsComplete++;
      const allJoined = Math.max(...ms_.map((a) => a.joinedAt!));
      const formedAt = ms_[0].formedAt;
      if (formedAt !== undefined) lat.formedToAllJoined.record(Math.max(0, allJoined - formedAt));
      lat.lastInLobbyToAllJoined.record(Math.max(0, allJoined - Math.max(...ms_.map((a) => a.inLobbyAt!))));
    }
    void groupsComplete;
    const latency: Record<string, Summary> = Object.fromEntries(Object.entries(lat).map(([k, r]) => [k, r.summary()]));
    for (const [k, r] of Object.entries({ entry: stats.entry, consent: stats.consent, lobbySeatHttp: stats.lobbySeat, lobbySeat: stats.lobbyJoin, groupJoin: stats.groupJoin })) latency[k] = r.summary();

    const lobbyRooms = [...new Set(grouped.map((a) => a.lobbyRoomId!))];
    const lobbyProcesses = [...new Set(arrivals.filter((a) => a.lobbyProcessId).map((a) => a.lobbyProcessId!))];
    const processes: ProcessResult[] = children.map((c, i) => ({
      index: i, pid: c.pid, port: c.info.port, processId: c.info.processId, lobbies: new Set(arrivals.filter((a) => a.lobbyProcessId === c.info.processId).map((a) => a.lobbyRoomId)).size,
      enteredVia: arrivals.filter((a) => a.via === i).length, groupsHosted: byProcess[c.info.processId] ?? 0, window: figures[i],
    }));

    const count = (end: Arrival["end"]) => arrivals.filter((a) => a.end === end).length;
    const failedJoins = arrivals.filter((a) => a.error && a.error.step !== "entry").length;
    const expired = arrivals.filter((a) => a.error?.code === "524").length;
    const groupable = Math.floor(o.arrivals / o.group) * o.group;
    const joinedN = count("joined");
    const formedTimes = [...byGroup.values()].map((m) => m[0].formedAt).filter((x): x is number => x !== undefined);
    const formingS = formedTimes.length > 1 ? (Math.max(...formedTimes) - Math.min(...formedTimes)) / 1000 : NaN;

    const seconds = (after.t - before.t) / 1000;
    const serverCores = figures.reduce((s, f) => s + f.cpuMs / f.wallMs, 0);
    const generatorCores = (after.cpu.user + after.cpu.system) / 1e6 / seconds;
    const pgCores = (after.pg - before.pg) / 100 / seconds;
    const redisCores = (after.redis - before.redis) / 100 / seconds;
    const machineCores = machineBusyCores(before.machine, after.machine)?.cores ?? NaN;
    const cores = {
      servers: fixed(serverCores, 2), generator: fixed(generatorCores, 2), postgres: fixed(pgCores, 2), redis: fixed(redisCores, 2),
      others: fixed(machineCores - serverCores - generatorCores - pgCores - redisCores, 2),
    };

    const p99 = latency.formedToAllJoined.p99;
    const targets: Target[] = [
      { name: `all grouped (${groupable} of ${o.arrivals} can form groups of ${o.group})`, value: `${grouped.length} grouped, ${joinedN} joined their group`, pass: grouped.length >= groupable && joinedN === grouped.length },
      { name: "zero expired or failed seat reservations", value: `${expired} expired (524), ${failedJoins} failed joins`, pass: expired === 0 && failedJoins === 0 },
      { name: "zero duplicate groups", value: `${duplicates} (participants in two groups ${dup.participantsInTwoGroups}, groups in two rooms ${dup.groupsWithTwoRooms})`, pass: duplicates === 0 },
      { name: `group filled → all members joined p99 ≤ ${o.p99Ms} ms`, value: `${fixed(p99)} ms over ${latency.formedToAllJoined.count} groups`, pass: latency.formedToAllJoined.count > 0 && p99 <= o.p99Ms },
    ];
    const pass = targets.every((t) => t.pass);

    // ── Stop everything, then report ────────────────────────────────────────────────────────────
    const redisKeysLeft = await cleanup();

    const result: LobbyResult = {
      bench: "lobby", machine, options: o,
      load: { arrivals: o.arrivals, seconds: o.seconds, spread: o.spread, groupSize: o.group, processes: o.processes, firstToLastArrivalS: fixed((schedule[schedule.length - 1] - schedule[0]) / 1000, 2), redisDb: redis.db, postgresSchema: schema.name },
      fillTime: "filled = when the lobby decided the group (formedAt in its matched message, the lobby process's clock; same machine as the generator)",
      counts: {
        arrivals: o.arrivals, inLobby: arrivals.filter((a) => a.inLobbyAt !== undefined).length, grouped: grouped.length, joined: joinedN, released: count("released"),
        stillWaiting: count("waiting"), failed: count("failed"), expiredReservations: expired, failedJoins, groupableExpected: groupable,
      },
      errors: stats.errors, failures: stats.failures,
      groups: { formed: byGroup.size, inStore, perSecond: fixed(byGroup.size / formingS, 1), duplicates, duplicateDetail: dup, byProcess },
      lobby: { rooms: lobbyRooms, processIds: lobbyProcesses },
      latency, processes, cores, redisKeysLeft, noisy: cores.others > 0.25, wallS: fixed(wallS, 1), targets, pass,
    };
    printReport(result);
    return result;
  } finally {
    await cleanup();
    unhook();
  }
}

if (require.main === module) runMain(main);
