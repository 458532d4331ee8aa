// Inside a server under test: answers the harness over IPC with CPU, RSS and event-loop lag of measurement windows.
import { writeFileSync, mkdirSync } from "node:fs";
import { Session } from "node:inspector";
import { dirname } from "node:path";
import { monitorEventLoopDelay, performance, type EventLoopUtilization } from "node:perf_hooks";
import { summarize, type Summary } from "./stats.js";

/** Sampling period of the event-loop delay monitor. Lag = sampled delay − this. */
const LAG_RESOLUTION_MS = 10;

export interface WindowFigures {
  wallMs: number;
  /** CPU time of the whole server process in the window (user + system), ms. */
  cpuMs: number;
  cpuUserMs: number;
  cpuSystemMs: number;
  /** Event-loop utilisation in the window, 0–1. */
  elu: number;
  /** Event-loop lag (delay beyond the sampling period), ms. */
  lag: Summary;
  rssMb: number;
  heapUsedMb: number;
}

export type Command = { id: number; cmd: string; args?: unknown };
export type Reply = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: string };
export type Handlers = Record<string, (args: any) => unknown>;

/**
 * Installs the IPC protocol in this (child) process: `window-start`, `window-end`, `stop`, plus `handlers`.
 * `stop` runs `shutdown`, then exits. The process also exits when the harness goes away (IPC disconnect).
 */
export function installProbe(handlers: Handlers, shutdown: () => Promise<void>): { ready(info: Record<string, unknown>): void } {
  if (typeof process.send !== "function") throw new Error("the probe needs an IPC channel: start this script with child_process.fork");
  const lag = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  lag.enable();
  let start = { t: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization() };

  // CPU profile of a window only (not of start-up and connection set-up), through the inspector.
  let profiler: Session | null = null;
  const post = (method: string, params?: object) =>
    new Promise<any>((resolve, reject) => profiler!.post(method, params ?? {}, (err, result) => (err ? reject(err) : resolve(result))));

  const builtin: Handlers = {
    "profile-start": async () => {
      profiler = new Session();
      profiler.connect();
      await post("Profiler.enable");
      await post("Profiler.start");
      return null;
    },
    "profile-stop": async (file: string) => {
      if (!profiler) throw new Error("no profile running");
      const { profile } = await post("Profiler.stop");
      profiler.disconnect();
      profiler = null;
      mkdirSync(dirname(file), { recursive: true });
      writeFileSync(file, JSON.stringify(profile));
      return file;
    },
    "window-start": () => {
      lag.reset();
      start = { t: performance.now(), cpu: process.cpuUsage(), elu: performance.eventLoopUtilization() };
      return null;
    },
    "window-end": (): WindowFigures => {
      const cpu = process.cpuUsage(start.cpu);
      const elu: EventLoopUtilization = performance.eventLoopUtilization(start.elu);
      const mem = process.memoryUsage();
      const s = summarize(lag, 1e6);
      const minusPeriod = (x: number) => Math.max(0, Math.round((x - LAG_RESOLUTION_MS) * 1000) / 1000);
      return {
        wallMs: performance.now() - start.t,
        cpuMs: (cpu.user + cpu.system) / 1000,
        cpuUserMs: cpu.user / 1000,
        cpuSystemMs: cpu.system / 1000,
        elu: Math.round(elu.utilization * 1000) / 1000,
        lag: { ...s, p50: minusPeriod(s.p50), p95: minusPeriod(s.p95), p99: minusPeriod(s.p99), max: minusPeriod(s.max), mean: minusPeriod(s.mean) },
        rssMb: Math.round(mem.rss / 2 ** 20),
        heapUsedMb: Math.round(mem.heapUsed / 2 ** 20),
      };
    },
  };

  let stopping = false;
  const stop = async (code: number) => {
    if (stopping) return;
    stopping = true;
    const force = setTimeout(() => process.exit(code), 10_000);
    force.unref();
    try {
      await shutdown();
    } finally {
      process.exit(code);
    }
  };

  process.on("message", async (m: Command) => {
    if (!m || typeof m.id !== "number") return;
    if (m.cmd === "stop") {
      process.send!({ id: m.id, ok: true, result: null } satisfies Reply);
      return void stop(0);
    }
    const handler = builtin[m.cmd] ?? handlers[m.cmd];
    try {
      if (!handler) throw new Error(`unknown command ${m.cmd}`);
      const result = await handler(m.args);
      process.send!({ id: m.id, ok: true, result } satisfies Reply);
    } catch (e) {
      process.send!({ id: m.id, ok: false, error: e instanceof Error ? e.stack ?? e.message : String(e) } satisfies Reply);
    }
  });
  // The harness went away (crash, kill): never linger as an orphan holding a port.
  process.on("disconnect", () => void stop(0));
  return { ready: (info) => process.send!({ type: "ready", ...info }) };
}
