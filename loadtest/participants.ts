// `npm run loadtest -- …`: participant bots (loadtest/bot.ts) on @colyseus/loadtest against any Cohort endpoint.
// Starts the bots one after another, stops by itself when every bot has ended (or at --max-seconds), prints a summary.
import "../server/polyfills.js";
import { cli, type Options as CliOptions } from "@colyseus/loadtest";
import { Client } from "@colyseus/sdk";
import { readFileSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { BotStats, DEFAULT_BEHAVIOUR, runBot, type Behaviour, type BotContext, type BotEnd, type Range } from "./bot.js";
import { startChild, type Child } from "./lib/children.js";
import { loadExperiment } from "./lib/experiment.js";
import { machineInfo, machineLine } from "./lib/machine.js";
import { fixed, saveJson, table } from "./lib/report.js";

const HELP = `npm run loadtest -- [options]

Where:
  --endpoint URL        server or proxy (http(s):// or ws(s)://). Default http://127.0.0.1:2567
  --local               start a throw-away Cohort server (in-memory store) for this run and stop it afterwards
Session (one of):
  --session CODE        an open session
  --experiment FILE     create a session from this experiment file through the admin API
  (neither)             create a session of the demo experiment shaped by --group-size --rounds
                        --decision-seconds --results-seconds (defaults 4, 3, 30, 10)
  --admin USER:PASS     admin credentials for creating the session. Default admin:cohort-dev (admin:bench-password with --local)
Load:
  --numClients N        participants. Default 8
  --delay MS            pause between starting two participants. Default 50
  --max-seconds S       stop everything after S seconds and report what did not finish. Default 900
  --seed TEXT           replay the same behaviour. Default random
Behaviour (probabilities are per stage; ranges are MIN-MAX in ms):
  --think 500-3000      think time before acting in a stage
  --move-rate 2         live slider moves per second while deciding (0: none)
  --move-for 1000-5000  how long the slider moves before locking in
  --hidden 0.05         chance the tab is hidden for a while   --hidden-for 5000-15000
  --drop 0.02           chance the connection drops; the page returns after --return-after 1000-5000
  --quit 0.01           chance of closing the tab for good
Output:
  --dashboard / --no-dashboard   the @colyseus/loadtest terminal dashboard. Default: on when stdout is a terminal
  --json FILE           also write the summary as JSON
`;

interface RunOptions {
  httpUrl: string;
  local: boolean;
  session?: string;
  experimentFile?: string;
  admin: string;
  shape: { groupSize: number; rounds: number; decisionSeconds: number; resultsSeconds: number };
  numClients: number;
  delayMs: number;
  maxSeconds: number;
  seed: string;
  behaviour: Behaviour;
  dashboard: boolean;
  json?: string;
}

function parse(argv: string[]): RunOptions | null {
  const str = { type: "string" } as const;
  const { values: v } = parseArgs({
    args: argv,
    strict: true,
    options: {
      endpoint: str, local: { type: "boolean", default: false }, session: str, experiment: str, admin: str,
      "group-size": str, rounds: str, "decision-seconds": str, "results-seconds": str,
      numClients: str, delay: str, "max-seconds": str, seed: str,
      think: str, "move-rate": str, "move-for": str, hidden: str, "hidden-for": str, drop: str, "return-after": str, quit: str,
      dashboard: { type: "boolean" }, "no-dashboard": { type: "boolean", default: false }, json: str, help: { type: "boolean", default: false },
      // Accepted for @colyseus/loadtest's own parser.
      room: str, output: str,
    },
  });
  if (v.help) return null;
  const num = (name: string, x: string | undefined, def: number, min: number, max: number) => {
    if (x === undefined) return def;
    const n = Number(x);
    if (!Number.isFinite(n) || n < min || n > max) throw new Error(`--${name} must be a number in [${min}, ${max}], got "${x}"`);
    return n;
  };
  const range = (name: string, x: string | undefined, def: Range): Range => {
    if (x === undefined) return def;
    const m = /^(\d+)(?:-(\d+))?$/.exec(x);
    if (!m) throw new Error(`--${name} is MIN-MAX in ms (e.g. 500-3000), got "${x}"`);
    const a = Number(m[1]);
    const b = m[2] === undefined ? a : Number(m[2]);
    if (b < a) throw new Error(`--${name}: MAX is below MIN`);
    return [a, b];
  };
  const endpoint = (v.endpoint ?? "http://127.0.0.1:2567").replace(/\/+$/, "");
  if (!/^(https?|wss?):\/\//.test(endpoint)) throw new Error(`--endpoint must start with http://, https://, ws:// or wss://, got "${endpoint}"`);
  if (v.session && v.experiment) throw new Error("give --session or --experiment, not both");
  const d = DEFAULT_BEHAVIOUR;
  return {
    httpUrl: endpoint.replace(/^ws/, "http"),
    local: v.local!,
    session: v.session?.toUpperCase(),
    experimentFile: v.experiment,
    admin: v.admin ?? (v.local ? "admin:bench-password" : "admin:cohort-dev"),
    shape: {
      groupSize: num("group-size", v["group-size"], 4, 2, 32), rounds: num("rounds", v.rounds, 3, 1, 200),
      decisionSeconds: num("decision-seconds", v["decision-seconds"], 30, 1, 3600), resultsSeconds: num("results-seconds", v["results-seconds"], 10, 1, 3600),
    },
    numClients: num("numClients", v.numClients, 8, 1, 100_000),
    delayMs: num("delay", v.delay, 50, 0, 60_000),
    maxSeconds: num("max-seconds", v["max-seconds"], 900, 1, 24 * 3600),
    seed: v.seed ?? randomBytes(4).toString("hex"),
    behaviour: {
      thinkMs: range("think", v.think, d.thinkMs), moveRate: num("move-rate", v["move-rate"], d.moveRate, 0, 100),
      moveMs: range("move-for", v["move-for"], d.moveMs), hidden: num("hidden", v.hidden, d.hidden, 0, 1),
      hiddenMs: range("hidden-for", v["hidden-for"], d.hiddenMs), drop: num("drop", v.drop, d.drop, 0, 1),
      returnMs: range("return-after", v["return-after"], d.returnMs), quit: num("quit", v.quit, d.quit, 0, 1),
    },
    dashboard: v["no-dashboard"] ? false : v.dashboard ?? Boolean(process.stdout.isTTY),
    json: v.json,
  };
}

/** Creates the session through the admin API (the same path a researcher uses). */
async function createSession(o: RunOptions): Promise<string> {
  const experiment = o.experimentFile
    ? JSON.parse(readFileSync(o.experimentFile, "utf8"))
    : loadExperiment({ ...o.shape, capacity: Math.max(100, o.numClients) });
  const res = await fetch(`${o.httpUrl}/api/sessions`, {
    method: "POST",
    headers: { "content-type": "application/json", authorization: `Basic ${Buffer.from(o.admin).toString("base64")}` },
    body: JSON.stringify({ experiment, label: `loadtest ${o.seed}` }),
    signal: AbortSignal.timeout(15_000),
  });
  const body = await res.json().catch(() => ({})) as { code?: string; error?: { message?: string } };
  if (!res.ok || !body.code) throw new Error(`could not create a session at ${o.httpUrl}: ${res.status} ${body.error?.message ?? JSON.stringify(body)}`);
  return body.code;
}

function summaryText(o: RunOptions, stats: BotStats, seconds: number, session: string): string {
  const rows = Object.entries({
    "entry link (HTTP)": stats.entry, consent: stats.consent, "lobby seat": stats.lobbyJoin, "lobby wait": stats.lobbyWait,
    "group join": stats.groupJoin, "lock → ack": stats.lockAck, "entry → completion": stats.total,
  }).map(([name, r]) => {
    const s = r.summary();
    return [name, s.count, fixed(s.p50), fixed(s.p95), fixed(s.p99), fixed(s.max)];
  });
  const c = stats.counts;
  return [
    `\nloadtest summary — ${o.numClients} participants on ${o.httpUrl}, session ${session}, seed ${o.seed}, ${seconds.toFixed(1)} s`,
    `ends: ${Object.entries(stats.ends).map(([k, n]) => `${k} ${n}`).join(", ")}`,
    `moves sent ${c.movesSent}, received ${c.movesReceived}; lock-ins ${c.locks}; timed out ${c.timedOut}; hidden ${c.hidden}; drops ${c.drops}, returns ${c.returns}; lobby relocations ${c.relocations}`,
    `refusals: ${Object.keys(stats.errors).length ? Object.entries(stats.errors).map(([k, n]) => `${k} ${n}`).join(", ") : "none"}`,
    table(["step (ms)", "n", "p50", "p95", "p99", "max"], rows),
    ...(stats.failures.length ? ["failures:", ...stats.failures.map((f) => `  ${f}`)] : []),
  ].join("\n");
}

export async function main(argv = process.argv.slice(2)): Promise<number> {
  const o = parse(argv);
  if (!o) {
    process.stdout.write(HELP);
    return 0;
  }
  let local: Child | null = null;
  const stopAll = new AbortController();
  const stats = new BotStats();
  const started = performance.now();
  const ends: Array<Promise<BotEnd>> = [];
  try {
    if (o.local) {
      local = await startChild(join(__dirname, "serve.ts"), { store: "memory" });
      o.httpUrl = `http://127.0.0.1:${local.info.port}`;
    }
    const session = o.session ?? await createSession(o);
    const ctx: BotContext = { httpUrl: o.httpUrl, session, behaviour: o.behaviour, stats, seed: o.seed, stop: stopAll.signal, ClientClass: Client };
    const limit = setTimeout(() => stopAll.abort(), o.maxSeconds * 1000);
    const log = o.dashboard ? (s: string) => console.log(s) : (s: string) => process.stderr.write(`${s}\n`);
    log(`loadtest: ${o.numClients} participants → ${o.httpUrl} session ${session} (seed ${o.seed}); ${machineLine(machineInfo())}`);
    const progress = setInterval(() => {
      const e = stats.ends;
      log(`  ${((performance.now() - started) / 1000).toFixed(0)} s: started ${stats.counts.started}, in lobby ${stats.counts.inLobby}, matched ${stats.counts.matched}, ` +
        `completed ${e.completed}, no match ${e.no_match}, quit ${e.quit}, failed ${e.failed}`);
    }, 5000);

    // One participant: resolves when its first websocket is open (so the next may start); its end is collected.
    const startOne = (i: number) => new Promise<void>((resolve) => {
      const connected = setTimeout(resolve, 30_000); // a slow one must not hold up the others forever
      ends.push(runBot(ctx, i, () => (clearTimeout(connected), resolve())));
    });

    if (o.dashboard) {
      // @colyseus/loadtest starts clients one after another through main() and draws its dashboard.
      const cliArgs = ["--endpoint", o.httpUrl.replace(/^http/, "ws"), "--room", "lobby", "--numClients", String(o.numClients), "--delay", String(o.delayMs)];
      process.argv = [process.argv[0], process.argv[1], ...cliArgs];
      cli(async (options: CliOptions) => startOne(options.clientId));
      await new Promise<void>((r) => {
        const check = setInterval(() => ends.length >= o.numClients && (clearInterval(check), r()), 200);
        stopAll.signal.addEventListener("abort", () => (clearInterval(check), r()), { once: true });
      });
    } else {
      for (let i = 0; i < o.numClients && !stopAll.signal.aborted; i++) {
        await startOne(i);
        if (o.delayMs > 0) await new Promise((r) => setTimeout(r, o.delayMs));
      }
    }
    await Promise.all(ends);
    clearTimeout(limit);
    clearInterval(progress);
    if (o.dashboard) closeDashboard();
    const seconds = (performance.now() - started) / 1000;
    const text = summaryText(o, stats, seconds, session);
    process.stdout.write(`${text}\n`);
    if (o.json) {
      const summaries = Object.fromEntries(["entry", "consent", "lobbyJoin", "lobbyWait", "groupJoin", "lockAck", "total"].map((k) => [k, (stats as unknown as Record<string, { summary(): unknown }>)[k].summary()]));
      const file = saveJson(o.json, { loadtest: { ...o, session }, localServerPid: local?.pid ?? null, machine: machineInfo(), seconds, ends: stats.ends, counts: stats.counts, errors: stats.errors, failures: stats.failures, latency: summaries });
      process.stdout.write(`saved ${file}\n`);
    }
    const notStarted = o.numClients - ends.length;
    return stats.ends.failed + stats.ends.stopped + notStarted === 0 ? 0 : 1;
  } finally {
    stopAll.abort();
    await local?.stop();
  }
}

/** Tears down @colyseus/loadtest's blessed screen so the summary lands on a normal terminal. */
function closeDashboard(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const blessed = require("blessed") as { Screen?: { instances?: Array<{ destroy(): void }> } };
  for (const screen of blessed.Screen?.instances?.slice() ?? []) screen.destroy();
}

if (require.main === module) {
  main().then((code) => process.exit(code), (e) => {
    closeDashboard();
    process.stderr.write(`${e instanceof Error ? e.message : String(e)}\n`);
    process.exit(1);
  });
}
