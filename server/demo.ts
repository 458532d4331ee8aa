// The demo session: created from the demo experiment file the first time the server starts with an empty store.
import { readFile } from "node:fs/promises";
import { createSession } from "./sessionService.js";
import type { SessionRecord, Store } from "./store/port.js";

/** Returns the newest open session, or creates one from `experimentFile` when the store has none. */
export async function ensureDemoSession(store: Store, experimentFile: string): Promise<SessionRecord> {
  const open = (await store.listSessions()).find((s) => s.status === "open");
  if (open) return open;
  const experiment = JSON.parse(await readFile(experimentFile, "utf8"));
  return createSession(store, { experiment, label: "Demo session" });
}
