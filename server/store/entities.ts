// Table definitions for TypeORM, as decorator-free EntitySchemas: field lists only.
import { EntitySchema, type ValueTransformer } from "typeorm";
import type { CohortRecord, DecisionRecord, MetPairsState, GroupRecord, LobbyOwner, ParticipantEvent, ParticipantRecord, RecruitmentRequest, PayoffRecord, RoundRecord, SessionRecord } from "./port.js";

/** pg returns BIGINT as a string; epoch milliseconds fit a JS number exactly. */
const epoch: ValueTransformer = {
  to: (v: number | null | undefined) => v,
  from: (v: string | number | null) => (v === null || v === undefined ? v : Number(v)),
};
const ms = { type: "bigint" as const, transformer: epoch };
const msNull = { ...ms, nullable: true };
const id = { type: "varchar" as const, length: 36 };
const idNull = { ...id, nullable: true };
const real = { type: "double precision" as const, transformer: epoch };

/** SessionRecord plus the number of participants admitted so far (entry's capacity counter; never selected). */
export type SessionRow = SessionRecord & { entered?: number };

export const SessionEntity = new EntitySchema<SessionRow>({
  name: "Session",
  tableName: "sessions",
  columns: {
    id: { ...id, primary: true },
    code: { type: "varchar", length: 16, unique: true },
    label: { type: "varchar", length: 200 },
    experiment: { type: "simple-json" },
    seed: { type: "varchar", length: 64 },
    status: { type: "varchar", length: 16 },
    createdAt: { ...ms, name: "created_at" },
    // Equals the session's participant rows: raised in the same statement or transaction that inserts one (enterParticipant).
    entered: { type: "integer", default: 0, select: false },
  },
});

export const ParticipantEntity = new EntitySchema<ParticipantRecord>({
  name: "Participant",
  tableName: "participants",
  columns: {
    id: { ...id, primary: true },
    sessionId: { ...id, name: "session_id" },
    token: { type: "varchar", length: 64, unique: true },
    platform: { type: "varchar", length: 16 },
    platformId: { type: "varchar", length: 64, name: "platform_id" },
    studyId: { type: "varchar", length: 64, nullable: true, name: "study_id" },
    platformSessionId: { type: "varchar", length: 64, nullable: true, name: "platform_session_id" },
    status: { type: "varchar", length: 16 },
    consentedAt: { ...msNull, name: "consented_at" },
    lobbyEnteredAt: { ...msNull, name: "lobby_entered_at" },
    groupId: { ...idNull, name: "group_id" },
    seat: { type: "integer", nullable: true },
    attributes: { type: "simple-json", nullable: true },
    cohortId: { ...idNull, name: "cohort_id" },
    roundsPlayed: { type: "integer", name: "rounds_played", default: 0 },
    treatment: { type: "varchar", length: 64, nullable: true },
    groupedAt: { ...msNull, name: "grouped_at" },
    roomId: { type: "varchar", length: 64, nullable: true, name: "room_id" },
    points: { ...real, nullable: true },
    completedAt: { ...msNull, name: "completed_at" },
    createdAt: { ...ms, name: "created_at" },
  },
  indices: [
    { name: "UQ_participants_identity", columns: ["sessionId", "platform", "platformId"], unique: true },
    { name: "IDX_participants_study", columns: ["platform", "platformId", "studyId"] },
  ],
});

/** GroupRecord plus the process that claimed its room (null until claimed). */
export type GroupRow = GroupRecord & { processId?: string | null };

export const GroupEntity = new EntitySchema<GroupRow>({
  name: "Group",
  tableName: "groups",
  columns: {
    id: { ...id, primary: true },
    sessionId: { ...id, name: "session_id" },
    roomId: { type: "varchar", length: 64, name: "room_id" },
    members: { type: "simple-json" },
    treatment: { type: "varchar", length: 64, nullable: true },
    createdAt: { ...ms, name: "created_at" },
    endedAt: { ...msNull, name: "ended_at" },
    processId: { type: "varchar", length: 64, nullable: true, name: "process_id" },
  },
  indices: [{ name: "IDX_groups_session", columns: ["sessionId"] }],
});

export const LobbyOwnerEntity = new EntitySchema<LobbyOwner>({
  name: "LobbyOwner",
  tableName: "lobby_owners",
  columns: {
    sessionId: { ...id, primary: true, name: "session_id" },
    roomId: { type: "varchar", length: 64, name: "room_id" },
    processId: { type: "varchar", length: 64, name: "process_id" },
    heartbeatAt: { ...ms, name: "heartbeat_at" },
  },
});

/** DecisionRecord plus the surrogate key that keeps insertion order. */
export type DecisionRow = DecisionRecord & { seq?: number };

export const DecisionEntity = new EntitySchema<DecisionRow>({
  name: "Decision",
  tableName: "decisions",
  columns: {
    seq: { type: "integer", primary: true, generated: "increment" },
    sessionId: { ...id, name: "session_id" },
    groupId: { ...id, name: "group_id" },
    participantId: { ...id, name: "participant_id" },
    round: { type: "integer" },
    kind: { type: "varchar", length: 8 },
    value: { type: "integer" },
    key: { type: "varchar", length: 64, nullable: true, unique: true },
    at: ms,
  },
  indices: [{ name: "IDX_decisions_session", columns: ["sessionId"] }],
});

export const RoundEntity = new EntitySchema<RoundRecord>({
  name: "Round",
  tableName: "rounds",
  columns: {
    groupId: { ...id, primary: true, name: "group_id" },
    round: { type: "integer", primary: true },
    sessionId: { ...id, name: "session_id" },
    total: { type: "integer" },
    share: real,
    startedAt: { ...ms, name: "started_at" },
    endedAt: { ...ms, name: "ended_at" },
  },
  indices: [{ name: "IDX_rounds_session", columns: ["sessionId"] }],
});

export const PayoffEntity = new EntitySchema<PayoffRecord>({
  name: "Payoff",
  tableName: "payoffs",
  columns: {
    participantId: { ...id, primary: true, name: "participant_id" },
    round: { type: "integer", primary: true },
    sessionId: { ...id, name: "session_id" },
    groupId: { ...id, name: "group_id" },
    contribution: { type: "integer", nullable: true },
    timedOut: { type: "boolean", name: "timed_out" },
    payoff: real,
    decidedAt: { ...ms, name: "decided_at" },
    actor: { type: "varchar", length: 16, default: "participant" },
    groupN: { type: "integer", name: "group_n", default: 0 },
  },
  indices: [{ name: "IDX_payoffs_session", columns: ["sessionId"] }],
});

/** ParticipantEvent plus the surrogate key that keeps insertion order. */
export type ParticipantEventRow = ParticipantEvent & { seq?: number };

export const ParticipantEventEntity = new EntitySchema<ParticipantEventRow>({
  name: "ParticipantEvent",
  tableName: "participant_events",
  columns: {
    seq: { type: "integer", primary: true, generated: "increment" },
    sessionId: { ...id, name: "session_id" },
    participantId: { ...id, name: "participant_id" },
    groupId: { ...idNull, name: "group_id" },
    kind: { type: "varchar", length: 24 },
    detail: { type: "varchar", length: 200, nullable: true },
    at: ms,
  },
  indices: [{ name: "IDX_participant_events_session", columns: ["sessionId"] }],
});

export type RecruitmentRow = RecruitmentRequest & { seq?: number };

export const RecruitmentEntity = new EntitySchema<RecruitmentRow>({
  name: "RecruitmentRequest",
  tableName: "recruitment_requests",
  columns: {
    seq: { type: "integer", primary: true, generated: "increment" },
    sessionId: { ...id, name: "session_id" },
    reason: { type: "varchar", length: 24 },
    participantId: { ...id, name: "participant_id" },
    at: ms,
  },
  indices: [{ name: "IDX_recruitment_session", columns: ["sessionId"] }],
});

export const CohortEntity = new EntitySchema<CohortRecord>({
  name: "Cohort",
  tableName: "cohorts",
  columns: {
    id: { ...id, primary: true },
    sessionId: { ...id, name: "session_id" },
    members: { type: "simple-json" },
    plan: { type: "simple-json" },
    createdAt: { ...ms, name: "created_at" },
  },
  indices: [{ name: "IDX_cohorts_session", columns: ["sessionId"] }],
});

export const MetPairsEntity = new EntitySchema<{ sessionId: string; state: MetPairsState; updatedAt: number }>({
  name: "MetPairs",
  tableName: "met_pairs",
  columns: {
    sessionId: { ...id, primary: true, name: "session_id" },
    state: { type: "simple-json" },
    updatedAt: { ...ms, name: "updated_at" },
  },
});

export const ENTITIES = [SessionEntity, ParticipantEntity, GroupEntity, DecisionEntity, RoundEntity, PayoffEntity, LobbyOwnerEntity, ParticipantEventEntity, RecruitmentEntity, CohortEntity, MetPairsEntity];
