// Runs a loadtest script as `npm run …` would (its own process) and returns its exit code, output and JSON result; lists bench schemas.
import { execFile } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DataSource } from "typeorm";

const ROOT = join(__dirname, "../..");

export interface ScriptRun<T> {
  code: number;
  stdout: string;
  stderr: string;
  json: T;
}

/** Runs `script` (relative to the repository) with `args` plus `<jsonFlag> <tmp file>`, bounded by `timeoutMs`. */
export function runScript<T>(script: string, args: string[], jsonFlag: "--out" | "--json", timeoutMs: number): Promise<ScriptRun<T>> {
  const dir = mkdtempSync(join(tmpdir(), "cohort-smoke-"));
  const file = join(dir, "result.json");
  return new Promise((resolve, reject) => {
    execFile(join(ROOT, "node_modules/.bin/tsx"), [join(ROOT, script), ...args, jsonFlag, file], { cwd: ROOT, timeout: timeoutMs, killSignal: "SIGINT", env: { ...process.env, FORCE_COLOR: "0" } }, (err, stdout, stderr) => {
      try {
        const code = err ? (typeof err.code === "number" ? err.code : 1) : 0;
        let json: T;
        try {
          json = JSON.parse(readFileSync(file, "utf8")) as T;
        } catch {
          return reject(new Error(`${script} wrote no result (exit ${code}):\n${stdout}\n${stderr}`));
        }
        resolve({ code, stdout, stderr, json });
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

/** True while a process with this pid exists. */
export function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Finite, non-negative, and p50 ≤ p95 ≤ p99 ≤ max. */
export function saneLatency(s: { count: number; p50: number; p95: number; p99: number; max: number }): boolean {
  const xs = [s.p50, s.p95, s.p99, s.max];
  return s.count > 0 && xs.every((x) => Number.isFinite(x) && x >= 0) && s.p50 <= s.p95 && s.p95 <= s.p99 && s.p99 <= s.max;
}

/** The benchmark schemas (`cohort_bench_*`) on the PostgreSQL at `url`: a benchmark must drop the one it made. */
export async function benchSchemas(url: string): Promise<string[]> {
  const ds = new DataSource({ type: "postgres", url, extra: { max: 1 }, logging: false });
  await ds.initialize();
  try {
    const rows = (await ds.query(`SELECT nspname FROM pg_namespace WHERE nspname LIKE 'cohort_bench_%'`)) as Array<{ nspname: string }>;
    return rows.map((r) => r.nspname);
  } finally {
    await ds.destroy();
  }
}
