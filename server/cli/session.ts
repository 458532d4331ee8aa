// `npm run session -- create <experiment.json> [label]`, `npm run session -- list`: sessions from the command line.
import "../polyfills.js";
import { readFileSync } from "node:fs";
import { CohortError } from "../domain/errors.js";
import { readSettings } from "../env.js";
import { createSession } from "../sessionService.js";
import { createDataSource } from "../store/dataSource.js";
import { openTypeormStore } from "../store/typeormStore.js";

async function main() {
  const [command, file, label] = process.argv.slice(2);
  const settings = readSettings();
  const store = await openTypeormStore(createDataSource({ url: settings.databaseUrl, poolSize: 2 }));
  try {
    if (command === "create" && file) {
      const session = await createSession(store, { experiment: JSON.parse(readFileSync(file, "utf8")), label });
      console.log(`Session ${session.code} (${session.label})`);
      console.log(`Participant link for Prolific: ${settings.publicUrl}/join/${session.code}?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}`);
      console.log(`Participant link for MTurk:    ${settings.publicUrl}/join/${session.code}  (MTurk appends workerId, assignmentId, hitId)`);
    } else if (command === "list") {
      for (const s of await store.listSessions()) {
        console.log(`${s.code}  ${s.status.padEnd(6)}  ${await store.countParticipants(s.id)} participants  ${s.label}`);
      }
    } else {
      console.error("Usage: npm run session -- create <experiment.json> [label]\n       npm run session -- list");
      process.exitCode = 2;
    }
  } finally {
    await store.close();
  }
}

main().catch((e) => {
  console.error(e instanceof CohortError ? `${e.code}: ${e.message}` : e);
  process.exit(1);
});
