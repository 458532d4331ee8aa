// After a burst: the groups the store holds against the groups the lobby announced — duplicates, strays, sizes, claims.
import { DataSource } from "typeorm";

/** What a participant saw of its group: the room it joined and that room's process. */
export interface SeenMember {
  groupRoomId?: string;
  groupProcessId?: string;
}

export interface GroupAudit {
  inStore: number;
  /** Stored groups per process that claimed their room ("none": never claimed). */
  byProcess: Record<string, number>;
  detail: {
    participantsInTwoGroups: number;
    /** Members of one group seated in different rooms (or on different processes): two rooms for one group. */
    groupsWithTwoRooms: number;
    matchedNotInStore: number;
    storeGroupsNotMatched: number;
    wrongSize: number;
    unclaimed: number;
  };
}

/** Reads the `groups` table at `url` (PostgreSQL) and checks it against `announced` (group id → members as seen). */
export async function auditGroups(url: string, announced: ReadonlyMap<string, readonly SeenMember[]>, groupSize: number): Promise<GroupAudit> {
  const ds = new DataSource({ type: "postgres", url, extra: { max: 1 }, logging: false });
  await ds.initialize();
  let stored: Array<{ id: string; members: string; process_id: string | null }>;
  try {
    stored = await ds.query(`SELECT id, members, process_id FROM groups`);
  } finally {
    await ds.destroy();
  }
  const memberships = new Map<string, number>();
  for (const g of stored) for (const id of JSON.parse(g.members) as string[]) memberships.set(id, (memberships.get(id) ?? 0) + 1);
  const ids = new Set(stored.map((g) => g.id));
  const byProcess: Record<string, number> = {};
  for (const g of stored) byProcess[g.process_id ?? "none"] = (byProcess[g.process_id ?? "none"] ?? 0) + 1;
  return {
    inStore: stored.length,
    byProcess,
    detail: {
      participantsInTwoGroups: [...memberships.values()].filter((n) => n > 1).length,
      groupsWithTwoRooms: [...announced.values()].filter((ms) => new Set(ms.filter((a) => a.groupRoomId).map((a) => `${a.groupProcessId}/${a.groupRoomId}`)).size > 1).length,
      matchedNotInStore: [...announced.keys()].filter((id) => !ids.has(id)).length,
      storeGroupsNotMatched: stored.filter((g) => !announced.has(g.id)).length,
      wrongSize: stored.filter((g) => (JSON.parse(g.members) as string[]).length !== groupSize).length + [...announced.values()].filter((ms) => ms.length !== groupSize).length,
      unclaimed: stored.filter((g) => !g.process_id).length,
    },
  };
}
