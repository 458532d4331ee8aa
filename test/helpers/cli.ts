// Runs one of the server's command-line tools (server/cli/NAME.ts) through tsx, as `npm run` does, and returns its output.
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { join } from "node:path";

const TSX = join(__dirname, "../../node_modules/.bin/tsx");

/** `tsx server/cli/<name>.ts ...args`, waited for (60 s at most), with stdout and stderr as text. */
export function runCli(name: string, ...args: string[]): SpawnSyncReturns<string> {
  return spawnSync(TSX, [join(__dirname, `../../server/cli/${name}.ts`), ...args], { encoding: "utf8", timeout: 60_000 });
}
