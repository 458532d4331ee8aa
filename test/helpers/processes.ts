// Starts real Cohort server processes (tsx server/index.ts) for multi-process tests, and stops them.
import { spawn, type ChildProcess } from "node:child_process";
import { join } from "node:path";

export interface ServerProcess {
  port: number;
  url: string;
  child: ChildProcess;
  output: () => string;
  /** Sends `signal` and resolves with the exit code once the process has exited. */
  stop(signal?: NodeJS.Signals, timeoutMs?: number): Promise<number | null>;
}

const ROOT = join(__dirname, "../..");

/** Spawns `server/index.ts` with `env` on top of a minimal environment; resolves once it prints its URLs. */
export function startServerProcess(port: number, env: Record<string, string>, timeoutMs = 30_000): Promise<ServerProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "server/index.ts"], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "/tmp", PORT: String(port), HOST: "127.0.0.1", DEMO: "false", LOG_LEVEL: "warn", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let out = "";
  child.stdout!.on("data", (d) => (out += d));
  child.stderr!.on("data", (d) => (out += d));
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const proc: ServerProcess = {
    port, child, url: `http://127.0.0.1:${port}`, output: () => out,
    async stop(signal = "SIGTERM", ms = 20_000) {
      if (child.exitCode !== null) return child.exitCode;
      child.kill(signal);
      const timer = setTimeout(() => child.kill("SIGKILL"), ms);
      const code = await exited;
      clearTimeout(timer);
      return code;
    },
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => {
      child.kill("SIGKILL");
      reject(new Error(`server on ${port} did not start:\n${out}`));
    }, timeoutMs);
    const check = () => {
      if (out.includes("Cohort is running")) {
        clearTimeout(timer);
        child.stdout!.off("data", check);
        resolve(proc);
      }
    };
    child.stdout!.on("data", check);
    void exited.then((code) => {
      clearTimeout(timer);
      reject(new Error(`server on ${port} exited with ${code}:\n${out}`));
    });
  });
}
