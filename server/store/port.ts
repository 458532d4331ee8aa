// The persistence port: what Cohort stores, independent of the database. Implemented by memoryStore and typeormStore.
import type { ExperimentConfig } from "../domain/experiment/schema.js";
import type { Identity } from "../domain/participant/identity.js";

/** All times are epoch milliseconds. */
export interface SessionRecord {
  id: string;
  code: string;
  label: string;
  experiment: ExperimentConfig;
  /** Seed of the session's random generator; stored so the session can be replayed. */
  seed: string;
  status: "open" | "closed";
  createdAt: number;
}

export type ParticipantStatus = "entered" | "consented" | "waiting" | "playing" | "completed" | "no_match" | "group_ended" | "removed";

export interface ParticipantRecord extends Identity {
  id: string;
  sessionId: string;
  /** Secret that identifies the participant to the server (in their personal link). */
  token: string;
  status: ParticipantStatus;
  consentedAt: number | null;
  lobbyEnteredAt: number | null;
  groupId: string | null;
  seat: number | null;
  /** Answers used by quotas, e.g. { gender: "F" } (from the entry link or the question before the lobby). */
  attributes: Record<string, string> | null;
  /** Treatment assigned at entry, or with their group. */
  treatment: string | null;
  /** The cohort they belong to, in cohort re-matching modes. */
  cohortId: string | null;
  /** Rounds behind them (played, or sat out as a bye), in cohort re-matching modes. */
  roundsPlayed: number;
  /** When they were first seated in a group (ends their waiting time). */
  groupedAt: number | null;
  /** Colyseus room id of their group, to rejoin after a reload. */
  roomId: string | null;
  /** Points earned over all rounds (set when they finish). */
  points: number | null;
  completedAt: number | null;
  createdAt: number;
}

export interface GroupRecord {
  id: string;
  sessionId: string;
  roomId: string;
  /** Participant ids in seat order. */
  members: string[];
  /** Treatment of the whole group (assigned at group formation, or shared by its members). */
  treatment: string | null;
  createdAt: number;
  endedAt: number | null;
}

/** live: a slider move; lock: a lock-in; timeout: the value a deadline locked; bot: a bot's choice for a dropped seat. */
export type DecisionKind = "live" | "lock" | "timeout" | "bot";

/** One decision event: a live slider move, a lock-in, or a value locked by the deadline. */
export interface DecisionRecord {
  sessionId: string;
  groupId: string;
  participantId: string;
  round: number;
  kind: DecisionKind;
  value: number;
  /** Client idempotency key of a lock-in; a retry with the same key is never stored twice. */
  key: string | null;
  at: number;
}

export interface RoundRecord {
  sessionId: string;
  groupId: string;
  round: number;
  total: number;
  share: number;
  startedAt: number;
  endedAt: number;
}

export interface PayoffRecord {
  sessionId: string;
  groupId: string;
  participantId: string;
  round: number;
  /** null when a missed deadline locks nothing (timeoutDefault "none"). */
  contribution: number | null;
  timedOut: boolean;
  payoff: number;
  decidedAt: number;
  /** Who decided for the seat: the participant, a bot that took it over, or a standby who replaced a dropout. */
  actor: "participant" | "bot" | "replacement";
  /** How many seats contributed this round (fewer than the group size when the group continued smaller). */
  groupN: number;
}

/** A request to open one more place on the recruitment platform (Pavilion's turnover rules). */
export interface RecruitmentRequest {
  sessionId: string;
  /** Which rule asked: a waiting participant finished, or an active one did. */
  reason: "waiting_finished" | "active_finished";
  participantId: string;
  at: number;
}

/** Something that happened to a participant outside their decisions: drops, reconnections, takeovers, outcomes. */
export interface ParticipantEvent {
  sessionId: string;
  participantId: string;
  groupId: string | null;
  kind: "treatment_assigned" | "grouped" | "bye" | "remeet" | "drop" | "reconnect" | "timeout_streak" | "bot_takeover" | "removed" | "seat_closed" | "group_ended" | "left_lobby" | "replaced_by" | "replacement";
  detail: string | null;
  at: number;
}

/** Which room is a session's one lobby, kept alive by heartbeats from the process that runs it. */
export interface LobbyOwner {
  sessionId: string;
  roomId: string;
  processId: string;
  heartbeatAt: number;
}

export type NewSession = Omit<SessionRecord, "id" | "createdAt" | "status">;
export type ParticipantPatch = Partial<Pick<ParticipantRecord, "status" | "consentedAt" | "lobbyEnteredAt" | "points" | "completedAt" | "attributes" | "treatment" | "cohortId" | "roundsPlayed">>;

/** The met-pairs record of the matching engine, stored as it is. */
export type MetPairsState = { pairs: Record<string, { count: number; last: number }> };

/** A cohort collected for re-matching, with its plan: groups (in seat order) and byes, round by round. */
export interface CohortRecord {
  id: string;
  sessionId: string;
  members: string[];
  plan: { rounds: Array<{ groups: string[][]; byes: string[] }>; achievable: number; method: string };
  createdAt: number;
}

export interface Store {
  createSession(input: NewSession): Promise<SessionRecord>;
  sessionByCode(code: string): Promise<SessionRecord | null>;
  sessionById(id: string): Promise<SessionRecord | null>;
  listSessions(): Promise<SessionRecord[]>;
  setSessionStatus(id: string, status: SessionRecord["status"]): Promise<void>;

  /**
   * Returns the participant with this identity in the session (or, for platform identities, in any session of
   * the same study), creating one when there is none and the session has fewer than `capacity` participants.
   * Throws CohortError("session_full") otherwise. Safe against concurrent calls for the same identity.
   */
  enterParticipant(sessionId: string, identity: Identity, token: string, capacity: number): Promise<{ participant: ParticipantRecord; created: boolean }>;
  participantByToken(token: string): Promise<ParticipantRecord | null>;
  participantsByIds(ids: readonly string[]): Promise<ParticipantRecord[]>;
  updateParticipant(id: string, patch: ParticipantPatch): Promise<void>;
  countParticipants(sessionId: string): Promise<number>;

  /**
   * Makes `claim` the owner of its session's lobby unless another owner's heartbeat is newer than `staleBefore`.
   * Atomic across processes: of concurrent claims exactly one wins. Returns the owner after the call.
   */
  claimLobby(claim: LobbyOwner, staleBefore: number): Promise<{ owner: LobbyOwner; claimed: boolean }>;
  lobbyOwner(sessionId: string): Promise<LobbyOwner | null>;
  /** Renews the heartbeat and records the process running the lobby; false when `roomId` no longer owns it. */
  touchLobby(sessionId: string, roomId: string, now: number, processId: string): Promise<boolean>;
  /** Gives up ownership (only if `roomId` still holds it). */
  releaseLobby(sessionId: string, roomId: string): Promise<void>;

  /** Who has met whom in a session (rolling strangers): plain data owned by the matching engine. */
  metPairs(sessionId: string): Promise<MetPairsState | null>;
  saveMetPairs(sessionId: string, state: MetPairsState, at: number): Promise<void>;

  /** Stores a cohort and its plan, and marks its members as belonging to it, in one transaction. */
  createCohort(cohort: CohortRecord): Promise<void>;
  cohorts(sessionId: string): Promise<CohortRecord[]>;

  /** Stores a group and seats its members (status "playing", seat = index in `members`), in one transaction. */
  createGroup(group: Omit<GroupRecord, "endedAt" | "treatment"> & { treatment?: string | null }): Promise<void>;
  endGroup(groupId: string, endedAt: number): Promise<void>;
  /** Binds a stored group to the process running its room; false if another process already runs it. */
  claimGroupRoom(groupId: string, processId: string): Promise<boolean>;

  /**
   * Stores a lock-in or timeout before it is acknowledged. With a key already stored, stores nothing and returns
   * the decision stored under that key.
   */
  recordDecision(decision: DecisionRecord): Promise<{ stored: boolean; existing: DecisionRecord }>;
  /** Appends live events (no keys), in one write. */
  recordEvents(events: readonly DecisionRecord[]): Promise<void>;
  /** Stores a round and its payoffs in one transaction; settling the same (group, round) twice stores nothing. */
  settleRound(round: RoundRecord, payoffs: readonly PayoffRecord[]): Promise<void>;

  recordParticipantEvent(event: ParticipantEvent): Promise<void>;
  recordRecruitment(request: RecruitmentRequest): Promise<void>;
  recruitments(sessionId: string): Promise<RecruitmentRequest[]>;
  /** Seats a standby participant in a running group (status "playing", seat, room, grouped now). */
  seatParticipant(participantId: string, group: { id: string; roomId: string; seat: number }, at: number): Promise<void>;
  participantEvents(sessionId: string): Promise<ParticipantEvent[]>;

  participants(sessionId: string): Promise<ParticipantRecord[]>;
  groups(sessionId: string): Promise<GroupRecord[]>;
  rounds(sessionId: string): Promise<RoundRecord[]>;
  payoffs(sessionId: string): Promise<PayoffRecord[]>;
  decisions(sessionId: string): Promise<DecisionRecord[]>;

  close(): Promise<void>;
}
