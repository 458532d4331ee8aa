// What a figure was measured on: machine, Node, package versions, git commit — printed and saved with every result.
import { execFileSync } from "node:child_process";
import { readdirSync, readFileSync } from "node:fs";
import os from "node:os";
import { join } from "node:path";

const ROOT = join(__dirname, "../..");

const PACKAGES = [
  "@colyseus/core", "@colyseus/ws-transport", "@colyseus/schema", "@colyseus/sdk", "@colyseus/loadtest",
  "ws", "typeorm", "pg", "better-sqlite3",
];

function versionOf(name: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(ROOT, "node_modules", name, "package.json"), "utf8")) as { version: string }).version;
  } catch {
    return null;
  }
}

/** Short HEAD commit, with "+dirty" when tracked files have uncommitted changes; null outside git. */
export function gitCommit(): string | null {
  try {
    const head = execFileSync("git", ["rev-parse", "--short", "HEAD"], { cwd: ROOT, encoding: "utf8", timeout: 2000 }).trim();
    const dirty = execFileSync("git", ["status", "--porcelain", "--untracked-files=no"], { cwd: ROOT, encoding: "utf8", timeout: 2000 }).trim();
    return dirty ? `${head}+dirty` : head;
  } catch {
    return null;
  }
}

export interface MachineInfo {
  cpus: number;
  cpuModel: string;
  memoryGb: number;
  loadAverage: number[];
  os: string;
  node: string;
  packages: Record<string, string | null>;
  commit: string | null;
  at: string;
}

/** A snapshot of the machine and software; `loadAverage` shows whether something else was running. */
export function machineInfo(): MachineInfo {
  const cpus = os.cpus();
  return {
    cpus: cpus.length,
    cpuModel: cpus[0]?.model.trim() ?? "unknown",
    memoryGb: Math.round(os.totalmem() / 2 ** 30 * 10) / 10,
    loadAverage: os.loadavg().map((x) => Math.round(x * 100) / 100),
    os: `${os.type()} ${os.release()}`,
    node: process.version,
    packages: Object.fromEntries(PACKAGES.map((p) => [p, versionOf(p)])),
    commit: gitCommit(),
    at: new Date().toISOString(),
  };
}

/** One line for the head of a printed report. */
export function machineLine(m: MachineInfo): string {
  const pk = m.packages;
  return `${m.cpus} × ${m.cpuModel}, ${m.memoryGb} GB, ${m.os}, Node ${m.node}, load avg ${m.loadAverage.join("/")}; ` +
    `@colyseus/core ${pk["@colyseus/core"]}, ws-transport ${pk["@colyseus/ws-transport"]}, schema ${pk["@colyseus/schema"]}, sdk ${pk["@colyseus/sdk"]}, ws ${pk.ws}; commit ${m.commit ?? "?"}`;
}

/** Jiffies of the whole machine from /proc/stat (Linux); null elsewhere. */
export function machineTicks(): { busy: number; total: number; steal: number } | null {
  try {
    const line = readFileSync("/proc/stat", "utf8").split("\n")[0];
    const [user, nice, system, idle, iowait, irq, softirq, steal] = line.trim().split(/\s+/).slice(1).map(Number);
    const total = user + nice + system + idle + iowait + irq + softirq + steal;
    return { busy: total - idle - iowait, total, steal };
  } catch {
    return null;
  }
}

/**
 * Cores the whole machine kept busy between two machineTicks() readings (all processes, ours included), and the
 * share stolen by the hypervisor. Subtract our own processes' CPU to see what else was running.
 */
export function machineBusyCores(a: ReturnType<typeof machineTicks>, b: ReturnType<typeof machineTicks>): { cores: number; stealPct: number } | null {
  if (!a || !b || b.total <= a.total) return null;
  const cpus = os.cpus().length;
  return { cores: Math.round(((b.busy - a.busy) / (b.total - a.total)) * cpus * 100) / 100, stealPct: Math.round(((b.steal - a.steal) / (b.total - a.total)) * 1000) / 10 };
}

/**
 * Waits (at most `maxWaitMs`) until the machine is quiet: fewer than `maxCores` busy over a 2 s sample while we run
 * nothing. Returns the last sample, so a report can say how busy the machine was when a run began anyway.
 */
export async function waitForQuiet(maxCores = 0.3, maxWaitMs = 60_000): Promise<{ cores: number; waitedMs: number }> {
  const start = Date.now();
  if (maxWaitMs <= 0) return { cores: NaN, waitedMs: 0 };
  for (;;) {
    const a = machineTicks();
    await new Promise((r) => setTimeout(r, 2000));
    const busy = machineBusyCores(a, machineTicks())?.cores ?? 0;
    if (busy <= maxCores || Date.now() - start >= maxWaitMs) return { cores: busy, waitedMs: Date.now() - start };
  }
}

/** CPU ticks (user + system, 1/100 s) of every process whose command name passes `match` (Linux /proc); 0 elsewhere. */
export function processTicks(match: (comm: string, pid: number) => boolean): number {
  let total = 0;
  try {
    for (const entry of readdirSync("/proc")) {
      if (!/^\d+$/.test(entry)) continue;
      try {
        const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
        const comm = stat.slice(stat.indexOf("(") + 1, stat.lastIndexOf(")"));
        if (!match(comm, Number(entry))) continue;
        const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        total += Number(fields[11]) + Number(fields[12]); // utime, stime
      } catch {
        // the process ended while we read
      }
    }
  } catch {
    return 0;
  }
  return total;
}
