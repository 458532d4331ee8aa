// `npm run check -- <file> [more files]`: validates experiment files, prints every problem with a fix, exits 1 on any.
import { readFileSync } from "node:fs";
import { checkExperimentText } from "../domain/experiment/check.js";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("Usage: npm run check -- <experiment.json> [more.json …]");
  process.exit(2);
}
let failed = 0;
for (const file of files) {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (e) {
    console.error(`${file}: cannot read (${(e as Error).message})`);
    failed++;
    continue;
  }
  const result = checkExperimentText(text);
  if (result.ok) {
    const g = result.config.game;
    console.log(`${file}: OK — ${result.config.name}: ${g.type}, groups of ${g.groupSize}, ${g.rounds} rounds, capacity ${result.config.capacity}`);
  } else {
    failed++;
    console.error(`${file}: ${result.problems.length} problem(s)`);
    for (const p of result.problems) console.error(`  ${p.path}: ${p.message}`);
  }
}
process.exit(failed ? 1 : 0);
