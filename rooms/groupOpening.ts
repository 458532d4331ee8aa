// What the lobby does to open a group: draw its treatment (least-filled, seeded) and create its room on any process.
import { matchMaker } from "@colyseus/core";
import { assignGroups } from "../server/domain/matching/treatments.js";
import { createRng } from "../server/domain/rng.js";
import type { SessionRecord } from "../server/store/port.js";
import type { RoomDeps } from "./deps.js";
import type { GroupRoomOptions } from "./roomOptions.js";

/**
 * Assigns the least-filled treatment to these participants (one at entry, or a whole group) and records it, ties
 * broken by the session's seed and the number of assignments so far, so a replay of the session assigns the same.
 * Callers draw one at a time: the counts depend on every earlier draw.
 */
export async function drawTreatment(deps: RoomDeps, session: SessionRecord, ids: string[]): Promise<string> {
  const t = session.experiment.treatments!;
  const people = await deps.store.participants(session.id);
  const counts: Record<string, number> = {};
  for (const p of people) if (p.treatment) counts[p.treatment] = (counts[p.treatment] ?? 0) + 1;
  const done = Object.values(counts).reduce((a, b) => a + b, 0);
  const rng = createRng(`${session.seed}/treatment/${done}`);
  const { assignments } = assignGroups([ids], t.list.map((x) => x.name), counts, rng);
  const { treatment, tie } = assignments[0];
  for (const id of ids) {
    await deps.store.updateParticipant(id, { treatment });
    await deps.store.recordParticipantEvent({ sessionId: session.id, participantId: id, groupId: null, kind: "treatment_assigned", detail: tie ? `${treatment} (tie)` : treatment, at: deps.now() });
  }
  return treatment;
}

/**
 * Creates the group's room on whichever process Colyseus picks. After an IPC timeout the room may exist on the other
 * process all the same (colyseus#978): that one is returned. Null when there is none (logged).
 */
export async function openGroupRoom(deps: RoomDeps, options: GroupRoomOptions) {
  return matchMaker.createRoom("group", options).catch(async (err) => {
    const [existing] = await matchMaker.query({ roomId: options.groupId });
    if (!existing) deps.log.error({ err, groupId: options.groupId }, "could not create a group room");
    return existing ?? null;
  });
}
