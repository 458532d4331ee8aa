// Before/after figures for a server tuning: runs bench:groups configurations in alternation (A B C A B C …) at one
// load, so every configuration meets the same machine conditions, and prints them side by side.
// Usage: npm run bench:compare -- --participants 4000 --repeat 2 --config "now:" --config "before:--before-tuning"
import { parseArgs } from "node:util";
import { machineInfo, machineLine } from "../lib/machine.js";
import { defaultOutFile, saveJson, table } from "../lib/report.js";
import { HEADERS, parse, row, measureLevel, type LevelResult } from "./groups.js";
import { runMain } from "../lib/cli.js";

const HELP = `npm run bench:compare -- --config "NAME:GROUPS FLAGS" [--config …] [options]

  --config NAME:FLAGS   a configuration: a name, a colon, then bench:groups flags (e.g. "burst:--heartbeat burst")
  --participants N      load. Default 4000
  --repeat R            rounds of alternation. Default 2
  --floor               also measure the floor once per round
  (other bench:groups flags after -- apply to every configuration, e.g. -- --duration 20 --rate 1)
  --out FILE            JSON result file. Default bench-results/compare-<time>.json
`;

async function main(): Promise<number> {
  const { values: v, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      config: { type: "string", multiple: true }, participants: { type: "string", default: "4000" }, repeat: { type: "string", default: "2" },
      floor: { type: "boolean", default: false }, out: { type: "string" }, help: { type: "boolean", default: false },
    },
  });
  if (v.help || !v.config?.length) {
    console.log(HELP);
    return v.help ? 0 : 2;
  }
  const configs = v.config.map((c) => {
    const i = c.indexOf(":");
    if (i < 1) throw new Error(`--config is NAME:FLAGS, got "${c}"`);
    const flags = c.slice(i + 1).trim().split(/\s+/).filter(Boolean);
    const o = parse([...positionals, ...flags, "--no-floor"]);
    if (!o) throw new Error("--help is not a configuration");
    return { name: c.slice(0, i), flags, o };
  });
  const n = Number(v.participants);
  const repeat = Math.max(1, Math.min(10, Number(v.repeat)));
  const machine = machineInfo();
  console.log(`bench:compare — ${machineLine(machine)}\n${configs.length} configurations × ${repeat} at ${n} participants; shared flags: ${positionals.join(" ") || "(none)"}`);
  const results: Array<{ config: string; round: number; result: LevelResult }> = [];
  const log = (s: string) => console.error(s);
  for (let round = 1; round <= repeat; round++) {
    for (const c of configs) {
      log(`round ${round}: ${c.name}`);
      results.push({ config: c.name, round, result: await measureLevel("cohort", n, c.o, log) });
    }
    if (v.floor) results.push({ config: "floor", round, result: await measureLevel("floor", n, configs[0].o, log) });
  }
  console.log(table(["config", "round", ...HEADERS], results.map((r) => [r.config, r.round, ...row(r.result)])));
  const file = saveJson(v.out ?? defaultOutFile("compare"), { bench: "compare", machine, participants: n, configs: configs.map((c) => ({ name: c.name, flags: c.flags })), shared: positionals, results });
  console.log(`\nsaved ${file}`);
  return 0;
}

if (require.main === module) runMain(main);
