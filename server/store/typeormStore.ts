// The store on TypeORM: SQLite (embedded default) or PostgreSQL, with the same contract as memoryStore.
import { randomUUID } from "node:crypto";
import { In, IsNull, type DataSource, type EntityManager } from "typeorm";
import { CohortError } from "../domain/errors.js";
import type { Identity } from "../domain/participant/identity.js";
import { CohortEntity, DecisionEntity, MetPairsEntity, GroupEntity, LobbyOwnerEntity, ParticipantEntity, ParticipantEventEntity, RecruitmentEntity, PayoffEntity, RoundEntity, SessionEntity, type DecisionRow } from "./entities.js";
import type { DecisionRecord, ParticipantRecord, Store } from "./port.js";

const isUniqueViolation = (e: unknown): boolean => {
  const err = e as { code?: string; driverError?: { code?: string }; message?: string };
  const code = err.driverError?.code ?? err.code;
  return code === "23505" || code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
};

const stripSeq = ({ seq: _seq, ...d }: DecisionRow): DecisionRecord => d;

/** Serialises async sections with the same key within this process; different keys run concurrently. */
function keyedMutex() {
  const tails = new Map<string, Promise<unknown>>();
  return <T>(key: string, fn: () => Promise<T>): Promise<T> => {
    const run = (tails.get(key) ?? Promise.resolve()).then(fn, fn);
    const tail = run.catch(() => undefined);
    tails.set(key, tail);
    void tail.then(() => {
      if (tails.get(key) === tail) tails.delete(key);
    });
    return run;
  };
}

/** A Store over an initialised DataSource whose migrations have run. */
export function createTypeormStore(ds: DataSource): Store {
  const isPostgres = ds.options.type === "postgres";
  const serial = keyedMutex();
  // SQLite has one connection (TypeORM shares one query runner), so its transactions must not interleave: entries go
  // one at a time. On PostgreSQL only entries of the same platform id wait for each other in this process (so that a
  // platform id entering two sessions of one study at once gets one participant); all others run concurrently.
  const entryKey = (identity: Identity) => (isPostgres ? `${identity.platform}\u0000${identity.platformId}` : "");
  const sessions = () => ds.getRepository(SessionEntity);
  const participants = () => ds.getRepository(ParticipantEntity);

  async function findIdentity(em: EntityManager, sessionId: string, identity: Identity): Promise<ParticipantRecord | null> {
    const repo = em.getRepository(ParticipantEntity);
    // Someone already in this session is that participant whatever study link brought them (the unique index allows
    // no second row); otherwise a platform id is the first participant of the same study, in any session.
    const here = await repo.findOneBy({ sessionId, platform: identity.platform, platformId: identity.platformId });
    if (here || identity.studyId === null) return here;
    return repo.findOne({ where: { platform: identity.platform, platformId: identity.platformId, studyId: identity.studyId }, order: { createdAt: "ASC" } });
  }

  /**
   * Inserts a newcomer if the session has a place left, raising its `entered` counter in the same atomic step (so
   * the counter always equals the session's participant rows); false when it is full. PostgreSQL: one statement,
   * the conditional UPDATE of the counter and the INSERT, so the session row is locked only while the server runs
   * it and commits, never across a round trip. A concurrent entry of the same identity in the same session gets a
   * unique violation, which undoes its counter update too. SQLite: the same two steps in one transaction.
   */
  async function insertIfRoom(p: ParticipantRecord, capacity: number): Promise<boolean> {
    if (isPostgres) {
      const rows: unknown[] = await ds.query(
        `WITH slot AS (UPDATE "sessions" SET "entered" = "entered" + 1 WHERE "id" = $1 AND "entered" < $2 RETURNING "id")
         INSERT INTO "participants" ("id", "session_id", "token", "platform", "platform_id", "study_id", "platform_session_id", "status", "rounds_played", "created_at")
         SELECT $3::varchar, "id", $4::varchar, $5::varchar, $6::varchar, $7::varchar, $8::varchar, $9::varchar, $10::integer, $11::bigint FROM slot
         RETURNING "id"`,
        [p.sessionId, capacity, p.id, p.token, p.platform, p.platformId, p.studyId, p.platformSessionId, p.status, p.roundsPlayed, p.createdAt],
      );
      return rows.length === 1;
    }
    return ds.transaction(async (em) => {
      const slot = await em.getRepository(SessionEntity)
        .createQueryBuilder()
        .update()
        .set({ entered: () => "entered + 1" })
        .where("id = :id AND entered < :capacity", { id: p.sessionId, capacity })
        .execute();
      if (slot.affected !== 1) return false;
      await em.getRepository(ParticipantEntity).insert({ ...p });
      return true;
    });
  }

  async function admit(sessionId: string, identity: Identity, token: string, capacity: number) {
    const existing = await findIdentity(ds.manager, sessionId, identity);
    if (existing) return { participant: existing, created: false };
    const participant: ParticipantRecord = {
      ...identity, id: randomUUID(), sessionId, token, status: "entered", consentedAt: null, lobbyEnteredAt: null,
      groupId: null, seat: null, attributes: null, treatment: null, cohortId: null, roundsPlayed: 0, groupedAt: null, roomId: null, points: null, completedAt: null, createdAt: Date.now(),
    };
    if (await insertIfRoom(participant, capacity)) return { participant, created: true };
    // Full, unless this identity took the last place in another process since our lookup: a refusal saw every
    // committed entry (the counter only counts committed rows), so a second lookup finds that one.
    const winner = await findIdentity(ds.manager, sessionId, identity);
    if (winner) return { participant: winner, created: false };
    throw new CohortError("session_full");
  }

  return {
    async createSession(input) {
      const s = { ...input, id: randomUUID(), status: "open" as const, createdAt: Date.now() };
      await sessions().insert({ ...s }); // a copy: insert writes the column defaults (`entered`) back into its argument
      return s;
    },
    sessionByCode: (code) => sessions().findOneBy({ code }),
    sessionById: (id) => sessions().findOneBy({ id }),
    listSessions: () => sessions().find({ order: { createdAt: "DESC" } }),
    async setSessionStatus(id, status) {
      await sessions().update({ id }, { status });
    },
    enterParticipant: (sessionId, identity, token, capacity) =>
      serial(entryKey(identity), async () => {
        try {
          return await admit(sessionId, identity, token, capacity);
        } catch (e) {
          // Another process inserted the same identity between our read and write: return theirs.
          if (!isUniqueViolation(e)) throw e;
          const participant = await findIdentity(ds.manager, sessionId, identity);
          if (!participant) throw e;
          return { participant, created: false };
        }
      }),
    participantByToken: (token) => participants().findOneBy({ token }),
    async participantsByIds(ids) {
      if (ids.length === 0) return [];
      const rows = await participants().findBy({ id: In([...ids]) });
      return ids.flatMap((id) => rows.filter((r) => r.id === id));
    },
    async updateParticipant(id, patch) {
      if (Object.keys(patch).length) await participants().update({ id }, patch);
    },
    countParticipants: (sessionId) => participants().countBy({ sessionId }),
    async createGroup(group) {
      await ds.transaction(async (em) => {
        await em.getRepository(GroupEntity).insert({ ...group, treatment: group.treatment ?? null, endedAt: null });
        for (const [seat, id] of group.members.entries()) {
          await em.getRepository(ParticipantEntity).update({ id }, { groupId: group.id, seat, roomId: group.roomId, status: "playing" });
          // Waiting ends at the first grouping: later groups (re-matching between rounds) do not move it.
          await em.getRepository(ParticipantEntity).update({ id, groupedAt: IsNull() }, { groupedAt: group.createdAt });
        }
      });
    },
    async claimLobby(claim, staleBefore) {
      const repo = ds.getRepository(LobbyOwnerEntity);
      try {
        await repo.insert({ ...claim });
        return { owner: claim, claimed: true };
      } catch (e) {
        if (!isUniqueViolation(e)) throw e;
      }
      // Someone owns it: take over only if their heartbeat is stale. The conditional UPDATE lets one contender win.
      const taken = await repo
        .createQueryBuilder()
        .update()
        .set({ roomId: claim.roomId, processId: claim.processId, heartbeatAt: claim.heartbeatAt })
        .where("session_id = :s AND heartbeat_at < :stale", { s: claim.sessionId, stale: staleBefore })
        .execute();
      if (taken.affected === 1) return { owner: claim, claimed: true };
      const owner = await repo.findOneBy({ sessionId: claim.sessionId });
      if (!owner) return this.claimLobby(claim, staleBefore); // released meanwhile: try again
      return { owner, claimed: false };
    },
    lobbyOwner: (sessionId) => ds.getRepository(LobbyOwnerEntity).findOneBy({ sessionId }),
    async touchLobby(sessionId, roomId, at, processId) {
      const r = await ds.getRepository(LobbyOwnerEntity).update({ sessionId, roomId }, { heartbeatAt: at, processId });
      return r.affected === 1;
    },
    async releaseLobby(sessionId, roomId) {
      await ds.getRepository(LobbyOwnerEntity).delete({ sessionId, roomId });
    },
    async claimGroupRoom(groupId, processId) {
      const r = await ds.getRepository(GroupEntity)
        .createQueryBuilder()
        .update()
        .set({ processId })
        .where("id = :id AND process_id IS NULL", { id: groupId })
        .execute();
      return r.affected === 1;
    },
    async endGroup(groupId, endedAt) {
      await ds.getRepository(GroupEntity).update({ id: groupId }, { endedAt });
    },
    async recordDecision(decision) {
      const repo = ds.getRepository(DecisionEntity);
      const lookup = async () => (decision.key === null ? null : repo.findOneBy({ key: decision.key }));
      const before = await lookup();
      if (before) return { stored: false, existing: stripSeq(before) };
      try {
        await repo.insert({ ...decision });
        return { stored: true, existing: decision };
      } catch (e) {
        const after = isUniqueViolation(e) ? await lookup() : null;
        if (!after) throw e;
        return { stored: false, existing: stripSeq(after) };
      }
    },
    async recordEvents(events) {
      if (events.length === 0) return;
      // Plain SQL: TypeORM's insert builder costs ~0.05 ms of CPU per row, so the process's writer (thousands of live
      // moves per flush) would stall the event loop for tens of ms; this costs a few µs per row.
      const columns = `"session_id", "group_id", "participant_id", "round", "kind", "value", "key", "at"`;
      const row = (e: DecisionRecord) => [e.sessionId, e.groupId, e.participantId, e.round, e.kind, e.value, e.key, e.at];
      if (isPostgres) {
        // One statement of eight arrays, whatever the batch size; unnest keeps the order, so `seq` follows it.
        const cols = [0, 1, 2, 3, 4, 5, 6, 7].map((c) => events.map((e) => row(e)[c]));
        const types = ["varchar", "varchar", "varchar", "int", "varchar", "int", "varchar", "bigint"];
        await ds.query(`INSERT INTO "decisions" (${columns}) SELECT * FROM unnest(${types.map((t, i) => `$${i + 1}::${t}[]`).join(", ")})`, cols);
        return;
      }
      // SQLite: multi-row VALUES, chunked under its bound-parameter limit.
      for (let i = 0; i < events.length; i += 500) {
        const chunk = events.slice(i, i + 500);
        await ds.query(`INSERT INTO "decisions" (${columns}) VALUES ${chunk.map(() => "(?, ?, ?, ?, ?, ?, ?, ?)").join(", ")}`, chunk.flatMap(row));
      }
    },
    async settleRound(round, rows) {
      const settled = () => ds.getRepository(RoundEntity).existsBy({ groupId: round.groupId, round: round.round });
      if (await settled()) return;
      try {
        await ds.transaction(async (em) => {
          await em.getRepository(RoundEntity).insert({ ...round });
          if (rows.length) await em.getRepository(PayoffEntity).insert(rows.map((r) => ({ ...r })));
        });
      } catch (e) {
        // Only a concurrent settlement of the same round is harmless; any other conflict is a real error.
        if (!isUniqueViolation(e) || !(await settled())) throw e;
      }
    },
    async recordParticipantEvent(e) {
      await ds.getRepository(ParticipantEventEntity).insert({ ...e });
    },
    async participantEvents(sessionId) {
      const rows = await ds.getRepository(ParticipantEventEntity).find({ where: { sessionId }, order: { seq: "ASC" } });
      return rows.map(({ seq: _seq, ...e }) => e);
    },
    async metPairs(sessionId) {
      return (await ds.getRepository(MetPairsEntity).findOneBy({ sessionId }))?.state ?? null;
    },
    async saveMetPairs(sessionId, state, at) {
      await ds.getRepository(MetPairsEntity).save({ sessionId, state, updatedAt: at });
    },
    async createCohort(c) {
      await ds.transaction(async (em) => {
        await em.getRepository(CohortEntity).insert({ ...c });
        await em.getRepository(ParticipantEntity).update({ id: In(c.members) }, { cohortId: c.id });
      });
    },
    cohorts: (sessionId) => ds.getRepository(CohortEntity).find({ where: { sessionId }, order: { createdAt: "ASC" } }),
    async recordRecruitment(r) {
      await ds.getRepository(RecruitmentEntity).insert({ ...r });
    },
    async recruitments(sessionId) {
      const rows = await ds.getRepository(RecruitmentEntity).find({ where: { sessionId }, order: { seq: "ASC" } });
      return rows.map(({ seq: _seq, ...r }) => r);
    },
    async seatParticipant(id, group, at) {
      await participants().update({ id }, { groupId: group.id, seat: group.seat, roomId: group.roomId, status: "playing", groupedAt: at });
    },
    participants: (sessionId) => participants().find({ where: { sessionId }, order: { createdAt: "ASC", id: "ASC" } }),
    async groups(sessionId) {
      const rows = await ds.getRepository(GroupEntity).find({ where: { sessionId }, order: { createdAt: "ASC" } });
      return rows.map(({ processId: _p, ...g }) => g);
    },
    rounds: (sessionId) => ds.getRepository(RoundEntity).find({ where: { sessionId }, order: { groupId: "ASC", round: "ASC" } }),
    payoffs: (sessionId) => ds.getRepository(PayoffEntity).find({ where: { sessionId }, order: { round: "ASC", participantId: "ASC" } }),
    async decisions(sessionId) {
      const rows = await ds.getRepository(DecisionEntity).find({ where: { sessionId }, order: { seq: "ASC" } });
      return rows.map(stripSeq);
    },
    async close() {
      if (ds.isInitialized) await ds.destroy();
    },
  };
}

/** Opens the database at `ds`, runs pending migrations and returns the store. */
export async function openTypeormStore(ds: DataSource): Promise<Store> {
  await ds.initialize();
  await ds.runMigrations({ transaction: "each" });
  return createTypeormStore(ds);
}
