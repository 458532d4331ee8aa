// Harness side: fork a server under test, talk to its probe over IPC, and always stop what was started.
import { fork, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import type { Command, Reply } from "./probe.js";

export interface Child {
  pid: number;
  /** What the child announced when ready (port, …). */
  info: Record<string, any>;
  request<T = unknown>(cmd: string, args?: unknown, timeoutMs?: number): Promise<T>;
  /** Asks the child to stop, then kills it if it has not exited within `timeoutMs`. */
  stop(timeoutMs?: number): Promise<void>;
}

export interface StartOptions {
  /** Extra Node flags, e.g. ["--cpu-prof", "--cpu-prof-dir=…"]. */
  nodeFlags?: string[];
  /** Give up waiting for "ready" after this long. Default 30 s. */
  readyTimeoutMs?: number;
  /** Child's stdout: "inherit" to see its logs. Default "ignore". */
  stdout?: "inherit" | "ignore";
}

const running = new Set<ChildProcess>();
const cleanups = new Set<() => Promise<unknown>>();
let hooked = false;

/** Registers async clean-up (drop a database schema…) to run on SIGINT/SIGTERM; returns its remover. */
export function onInterrupt(fn: () => Promise<unknown>): () => void {
  hookProcess();
  cleanups.add(fn);
  return () => cleanups.delete(fn);
}

/** Kills every child still running (SIGKILL). Safe to call more than once. */
export function killAllChildren(): void {
  for (const c of running) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
  running.clear();
}

function hookProcess(): void {
  if (hooked) return;
  hooked = true;
  process.on("exit", killAllChildren);
  for (const sig of ["SIGINT", "SIGTERM", "SIGHUP"] as const) {
    process.once(sig, () => {
      killAllChildren();
      const code = sig === "SIGINT" ? 130 : 143;
      const timer = setTimeout(() => process.exit(code), 5000);
      void Promise.allSettled([...cleanups].map((f) => f())).then(() => {
        clearTimeout(timer);
        process.exit(code);
      });
    });
  }
}

/** Forks `script` (TypeScript, run through tsx) with `config` as its JSON argument and waits for its ready message. */
export async function startChild(script: string, config: unknown, o: StartOptions = {}): Promise<Child> {
  hookProcess();
  const proc = fork(script, [JSON.stringify(config)], {
    execArgv: ["--import", "tsx", ...(o.nodeFlags ?? [])],
    stdio: ["ignore", o.stdout ?? "ignore", "inherit", "ipc"],
  });
  running.add(proc);
  proc.once("exit", () => running.delete(proc));

  let nextId = 1;
  const pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void; timer: NodeJS.Timeout }>();
  let info: Record<string, any> | null = null;
  let onReady: ((i: Record<string, any>) => void) | null = null;
  proc.on("message", (m: Reply | { type: "ready" }) => {
    if ((m as { type?: string }).type === "ready") {
      info = m as Record<string, any>;
      onReady?.(info);
      return;
    }
    const r = m as Reply;
    const p = pending.get(r.id);
    if (!p) return;
    pending.delete(r.id);
    clearTimeout(p.timer);
    if (r.ok) p.resolve(r.result);
    else p.reject(new Error(`server: ${r.error}`));
  });
  proc.once("exit", (code, signal) => {
    for (const p of pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`server exited (${signal ?? code}) before answering`));
    }
    pending.clear();
  });

  const readyTimeout = o.readyTimeoutMs ?? 30_000;
  info = await new Promise<Record<string, any>>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`${script} was not ready within ${readyTimeout} ms`)), readyTimeout);
    onReady = (i) => {
      clearTimeout(timer);
      resolve(i);
    };
    proc.once("exit", (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`${script} exited (${signal ?? code}) before it was ready`));
    });
  }).catch((e) => {
    proc.kill("SIGKILL");
    throw e;
  });

  const request = <T>(cmd: string, args?: unknown, timeoutMs = 60_000): Promise<T> =>
    new Promise<T>((resolve, reject) => {
      if (!proc.connected) return reject(new Error(`server is gone; cannot send ${cmd}`));
      const id = nextId++;
      const timer = setTimeout(() => {
        pending.delete(id);
        reject(new Error(`server did not answer ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      proc.send({ id, cmd, args } satisfies Command);
    });

  const stop = async (timeoutMs = 15_000) => {
    if (proc.exitCode !== null || proc.signalCode !== null) return;
    const exited = once(proc, "exit");
    await request("stop", undefined, 2000).catch(() => proc.kill("SIGTERM"));
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    await exited;
    clearTimeout(timer);
  };

  return { pid: proc.pid!, info: info!, request, stop };
}

/** Runs `fn` and stops `child` afterwards, whatever happens. */
export async function withChild<T>(child: Child, fn: (c: Child) => Promise<T>): Promise<T> {
  try {
    return await fn(child);
  } finally {
    await child.stop();
  }
}
