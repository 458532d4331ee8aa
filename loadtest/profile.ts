// Reads a V8 .cpuprofile (from `bench:groups -- --cpu-prof`) and prints where the server's CPU went: self time by
// module (package or source file) and the hottest functions. Usage: tsx loadtest/profile.ts <file.cpuprofile> [--top N]
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { parseArgs } from "node:util";
import { table } from "./lib/report.js";

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

/** "package" for node_modules code, the repository path for ours, or a V8 bucket such as (garbage collector). */
function moduleOf(url: string, fn: string): string {
  if (!url) return fn.startsWith("(") ? fn : "(native)";
  const path = url.replace(/^file:\/\//, "");
  const nm = path.lastIndexOf("node_modules/");
  if (nm >= 0) {
    const parts = path.slice(nm + "node_modules/".length).split("/");
    return parts[0].startsWith("@") ? `${parts[0]}/${parts[1]}` : parts[0];
  }
  if (path.startsWith("node:")) return path;
  return relative(process.cwd(), path);
}

export interface ProfileSummary {
  totalMs: number;
  byModule: Array<{ module: string; ms: number; pct: number }>;
  byFunction: Array<{ fn: string; module: string; ms: number; pct: number }>;
}

/** Self time per module and per function, from the sample timeline. */
export function summarizeProfile(p: CpuProfile): ProfileSummary {
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  // An anonymous function is named after its nearest named caller, e.g. "(anonymous) ← broadcastPatch".
  const nameOf = (id: number): string => {
    const n = byId.get(id)!;
    if (n.callFrame.functionName) return n.callFrame.functionName;
    for (let up = parent.get(id), hops = 0; up !== undefined && hops < 20; up = parent.get(up), hops++) {
      const f = byId.get(up)!.callFrame;
      if (f.functionName && !f.functionName.startsWith("(")) return `(anonymous) ← ${f.functionName}`;
    }
    return "(anonymous)";
  };
  const self = new Map<number, number>();
  for (let i = 0; i < p.samples.length; i++) self.set(p.samples[i], (self.get(p.samples[i]) ?? 0) + (p.timeDeltas[i] ?? 0) / 1000);
  const total = [...self.values()].reduce((a, b) => a + b, 0);
  const modules = new Map<string, number>();
  const functions = new Map<string, { fn: string; module: string; ms: number }>();
  for (const [id, ms] of self) {
    const n = byId.get(id)!;
    const mod = moduleOf(n.callFrame.url, n.callFrame.functionName);
    modules.set(mod, (modules.get(mod) ?? 0) + ms);
    const fn = nameOf(id);
    const key = `${mod} ${fn}`;
    const f = functions.get(key) ?? { fn, module: mod, ms: 0 };
    f.ms += ms;
    functions.set(key, f);
  }
  const pct = (ms: number) => Math.round((ms / total) * 1000) / 10;
  return {
    totalMs: Math.round(total),
    byModule: [...modules].map(([module, ms]) => ({ module, ms: Math.round(ms), pct: pct(ms) })).sort((a, b) => b.ms - a.ms),
    byFunction: [...functions.values()].map((f) => ({ ...f, ms: Math.round(f.ms), pct: pct(f.ms) })).sort((a, b) => b.ms - a.ms),
  };
}

if (require.main === module) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: "string", default: "25" } } });
  if (positionals.length !== 1) {
    console.error("usage: tsx loadtest/profile.ts <file.cpuprofile> [--top N]");
    process.exit(2);
  }
  const top = Number(values.top);
  const s = summarizeProfile(JSON.parse(readFileSync(positionals[0], "utf8")) as CpuProfile);
  console.log(`${positionals[0]}: ${s.totalMs} ms sampled\n`);
  console.log(table(["module", "self ms", "%"], s.byModule.slice(0, top).map((m) => [m.module, m.ms, m.pct])));
  console.log();
  console.log(table(["function", "module", "self ms", "%"], s.byFunction.slice(0, top).map((f) => [f.fn, f.module, f.ms, f.pct])));
}
