// Printing and saving benchmark results: a plain-text table and a JSON file under bench-results/.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

export type Cell = string | number | boolean | null | undefined;

/** Right-aligned columns for numbers, left for text; NaN/undefined print as "–". */
export function table(headers: string[], rows: Cell[][]): string {
  const fmt = (c: Cell) => (c === null || c === undefined || (typeof c === "number" && !Number.isFinite(c)) ? "–" : String(c));
  const cells = rows.map((r) => r.map(fmt));
  const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => r[i]?.length ?? 0)));
  const line = (r: string[], isHeader = false) =>
    r.map((c, i) => (isHeader || typeof rows[0]?.[i] !== "number" ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join("  ").trimEnd();
  return [line(headers, true), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map((r) => line(r))].join("\n");
}

/** Default result file: bench-results/<name>-<timestamp>.json in the repository. */
export function defaultOutFile(name: string): string {
  const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
  return join(__dirname, "../../bench-results", `${name}-${stamp}.json`);
}

/** Writes `data` as pretty JSON, creating the folder; returns the absolute path. */
export function saveJson(file: string, data: unknown): string {
  const path = resolve(file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, JSON.stringify(data, null, 2) + "\n");
  return path;
}

/** Fixed decimals for printing; keeps NaN as NaN so the table prints "–". */
export const fixed = (x: number | undefined, d = 1): number => (x === undefined || !Number.isFinite(x) ? NaN : Number(x.toFixed(d)));
