// The lobby-burst benchmark's options, result and printed report (loadtest/bench/lobby.ts runs it).
import type { Range } from "../bot.js";
import type { machineInfo } from "./machine.js";
import type { WindowFigures } from "./probe.js";
import { fixed, table } from "./report.js";
import type { Summary } from "./stats.js";

/** What `npm run bench:lobby -- …` was asked to do (see its --help). */
export interface Options {
  arrivals: number;
  seconds: number;
  group: number;
  processes: number;
  spread: "poisson" | "uniform";
  seed: string;
  thinkMs: Range;
  preEntered: boolean;
  maxSeconds: number;
  p99Ms: number;
  pool: number;
  db: string;
  redis: string;
  quietWaitS: number;
  retryNoisy: number;
  serverLogs: boolean;
  out: string;
}

export interface ProcessResult {
  index: number;
  pid: number;
  port: number;
  processId: string;
  /** Lobby rooms this process hosted during the burst. */
  lobbies: number;
  enteredVia: number;
  groupsHosted: number;
  window: WindowFigures;
}

export interface Target {
  name: string;
  value: string;
  pass: boolean;
}

export interface LobbyResult {
  bench: "lobby";
  machine: ReturnType<typeof machineInfo>;
  options: Options;
  load: { arrivals: number; seconds: number; spread: string; groupSize: number; processes: number; firstToLastArrivalS: number; redisDb: number; postgresSchema: string };
  fillTime: string;
  counts: {
    arrivals: number; inLobby: number; grouped: number; joined: number; released: number; stillWaiting: number; failed: number;
    expiredReservations: number; failedJoins: number; groupableExpected: number;
  };
  errors: Record<string, number>;
  failures: string[];
  groups: {
    formed: number; inStore: number; perSecond: number; duplicates: number;
    duplicateDetail: { participantsInTwoGroups: number; groupsWithTwoRooms: number; matchedNotInStore: number; storeGroupsNotMatched: number; wrongSize: number; unclaimed: number };
    byProcess: Record<string, number>;
  };
  /** The session's lobby rooms in turn (a lobby closes when its last participant leaves for a group) and their processes. */
  lobby: { rooms: string[]; processIds: string[] };
  latency: Record<string, Summary>;
  processes: ProcessResult[];
  /** Cores used by PostgreSQL, Redis and everything else besides the servers and this generator during the burst. */
  cores: { servers: number; generator: number; postgres: number; redis: number; others: number };
  redisKeysLeft: number;
  /** Other processes used more than 0.25 core during the burst: the latencies are disturbed. */
  noisy: boolean;
  wallS: number;
  targets: Target[];
  pass: boolean;
}

/** Prints the result as tables and PASS/FAIL lines. */
export function printReport(r: LobbyResult): void {
  const c = r.counts;
  const l = r.latency;
  const row = (name: string, s: Summary) => [name, s.count, fixed(s.p50), fixed(s.p95), fixed(s.p99), fixed(s.max)];
  console.log(`\nlobby burst — ${r.load.arrivals} arrivals over ${r.options.seconds} s (${r.load.spread}, seed ${r.options.seed}), groups of ${r.load.groupSize}, ${r.load.processes} processes on Redis + PostgreSQL; ${r.wallS} s in all`);
  console.log(`arrivals ${c.arrivals}, reached the lobby ${c.inLobby}, grouped ${c.grouped}, joined their group ${c.joined}, released (no match) ${c.released}, still waiting at the end ${c.stillWaiting}, failed ${c.failed}`);
  console.log(`expired seat reservations (524) ${c.expiredReservations}, failed joins ${c.failedJoins}${Object.keys(r.errors).length ? ` — ${Object.entries(r.errors).map(([k, n]) => `${k} × ${n}`).join(", ")}` : ""}`);
  const d = r.groups.duplicateDetail;
  console.log(`groups formed ${r.groups.formed} (${r.groups.perSecond}/s from first to last), in the store ${r.groups.inStore}; duplicates ${r.groups.duplicates} ` +
    `(participants in two groups ${d.participantsInTwoGroups}, groups seated in two rooms ${d.groupsWithTwoRooms}; matched but not stored ${d.matchedNotInStore}, stored but never announced ${d.storeGroupsNotMatched}, wrong size ${d.wrongSize}, rooms never claimed ${d.unclaimed})`);
  console.log(`lobby: ${r.lobby.rooms.length} room(s) one after another (a lobby closes when it empties), on ${r.lobby.processIds.length} process(es); ${r.fillTime}\n`);
  console.log(table(["step (ms)", "n", "p50", "p95", "p99", "max"], [
    row("entry link (HTTP)", l.entry), row("consent (HTTP)", l.consent), row("lobby seat request (HTTP)", l.lobbySeatHttp), row("lobby seat + lobby joined", l.lobbySeat),
    row("in lobby → matched", l.inLobbyToMatched), row("arrival → matched", l.arrivalToMatched),
    row("group filled → member's matched", l.formedToMatched), row("matched → group joined", l.matchedToJoined),
    row("group filled → all joined *", l.formedToAllJoined), row("last in lobby → all joined", l.lastInLobbyToAllJoined),
  ]));
  console.log("");
  console.log(table(["process", "pid", "lobbies", "entered via", "groups", "CPU %", "lag p50", "lag p99", "lag max", "RSS MB"], r.processes.map((p) => [
    p.index, p.pid, p.lobbies, p.enteredVia, p.groupsHosted, fixed((p.window.cpuMs / p.window.wallMs) * 100, 0),
    fixed(p.window.lag.p50), fixed(p.window.lag.p99), fixed(p.window.lag.max), p.window.rssMb,
  ])));
  const k = r.cores;
  console.log(`cores during the burst: servers ${k.servers}, generator ${k.generator}, PostgreSQL ${k.postgres}, Redis ${k.redis}, others ${k.others}${r.noisy ? " (disturbed: do not quote these latencies)" : ""}; Redis keys left after the servers stopped: ${r.redisKeysLeft}\n`);
  for (const t of r.targets) console.log(`${t.pass ? "PASS" : "FAIL"}  ${t.name}: ${t.value}`);
}
