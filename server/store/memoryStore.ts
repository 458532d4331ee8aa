// The in-memory twin of the store: same contract as typeormStore, for tests and throw-away runs.
import { randomUUID } from "node:crypto";
import { CohortError } from "../domain/errors.js";
import type { Identity } from "../domain/participant/identity.js";
import type {
  CohortRecord, DecisionRecord, MetPairsState, GroupRecord, LobbyOwner, NewSession, ParticipantEvent, RecruitmentRequest, ParticipantPatch, ParticipantRecord, PayoffRecord, RoundRecord, SessionRecord, Store,
} from "./port.js";

const copy = <T>(x: T): T => structuredClone(x);

/** Creates an empty in-memory store; everything is lost when the process ends. */
export function createMemoryStore(now: () => number = Date.now): Store {
  const sessions = new Map<string, SessionRecord>();
  const participants = new Map<string, ParticipantRecord>();
  const groups = new Map<string, GroupRecord>();
  const decisions: DecisionRecord[] = [];
  const rounds: RoundRecord[] = [];
  const payoffs: PayoffRecord[] = [];
  const lobbies = new Map<string, LobbyOwner>();
  const events: ParticipantEvent[] = [];
  const recruits: RecruitmentRequest[] = [];
  const cohortList: CohortRecord[] = [];
  const met = new Map<string, MetPairsState>();
  const groupProcess = new Map<string, string>();
  const bySession = <T extends { sessionId: string }>(rows: Iterable<T>, id: string) => [...rows].filter((r) => r.sessionId === id).map(copy);

  // Same person in this session (whatever study link brought them), else, for platform ids, the first entry in the same study.
  const findIdentity = (sessionId: string, id: Identity) => {
    const same = [...participants.values()].filter((p) => p.platform === id.platform && p.platformId === id.platformId);
    return same.find((p) => p.sessionId === sessionId) ?? (id.studyId !== null ? same.find((p) => p.studyId === id.studyId) : undefined);
  };

  return {
    async createSession(input: NewSession) {
      if ([...sessions.values()].some((s) => s.code === input.code)) throw new Error(`session code ${input.code} exists`);
      const s: SessionRecord = { ...copy(input), id: randomUUID(), status: "open", createdAt: now() };
      sessions.set(s.id, s);
      return copy(s);
    },
    async sessionByCode(code) {
      const s = [...sessions.values()].find((x) => x.code === code);
      return s ? copy(s) : null;
    },
    async sessionById(id) {
      const s = sessions.get(id);
      return s ? copy(s) : null;
    },
    async listSessions() {
      return [...sessions.values()].sort((a, b) => b.createdAt - a.createdAt).map(copy);
    },
    async setSessionStatus(id, status) {
      const s = sessions.get(id);
      if (s) s.status = status;
    },
    async enterParticipant(sessionId, identity, token, capacity) {
      const existing = findIdentity(sessionId, identity);
      if (existing) return { participant: copy(existing), created: false };
      const count = [...participants.values()].filter((p) => p.sessionId === sessionId).length;
      if (count >= capacity) throw new CohortError("session_full");
      const p: ParticipantRecord = {
        ...identity, id: randomUUID(), sessionId, token, status: "entered", consentedAt: null, lobbyEnteredAt: null,
        groupId: null, seat: null, attributes: null, treatment: null, cohortId: null, roundsPlayed: 0, groupedAt: null, roomId: null, points: null, completedAt: null, createdAt: now(),
      };
      participants.set(p.id, p);
      return { participant: copy(p), created: true };
    },
    async participantByToken(token) {
      const p = [...participants.values()].find((x) => x.token === token);
      return p ? copy(p) : null;
    },
    async participantsByIds(ids) {
      return ids.flatMap((id) => (participants.has(id) ? [copy(participants.get(id)!)] : []));
    },
    async updateParticipant(id, patch: ParticipantPatch) {
      const p = participants.get(id);
      if (p) Object.assign(p, patch);
    },
    async countParticipants(sessionId) {
      return [...participants.values()].filter((p) => p.sessionId === sessionId).length;
    },
    async createGroup(group) {
      groups.set(group.id, { ...copy(group), treatment: group.treatment ?? null, endedAt: null });
      group.members.forEach((id, seat) => {
        const p = participants.get(id);
        if (p) Object.assign(p, { groupId: group.id, seat, roomId: group.roomId, status: "playing", groupedAt: p.groupedAt ?? group.createdAt });
      });
    },
    async claimLobby(claim, staleBefore) {
      const current = lobbies.get(claim.sessionId);
      if (current && current.heartbeatAt >= staleBefore) return { owner: copy(current), claimed: false };
      lobbies.set(claim.sessionId, copy(claim));
      return { owner: copy(claim), claimed: true };
    },
    async lobbyOwner(sessionId) {
      const o = lobbies.get(sessionId);
      return o ? copy(o) : null;
    },
    async touchLobby(sessionId, roomId, at, processId) {
      const o = lobbies.get(sessionId);
      if (!o || o.roomId !== roomId) return false;
      Object.assign(o, { heartbeatAt: at, processId });
      return true;
    },
    async releaseLobby(sessionId, roomId) {
      if (lobbies.get(sessionId)?.roomId === roomId) lobbies.delete(sessionId);
    },
    async claimGroupRoom(groupId, processId) {
      if (!groups.has(groupId) || groupProcess.has(groupId)) return false;
      groupProcess.set(groupId, processId);
      return true;
    },
    async endGroup(groupId, endedAt) {
      const g = groups.get(groupId);
      if (g) g.endedAt = endedAt;
    },
    async recordDecision(decision) {
      const existing = decision.key === null ? undefined : decisions.find((d) => d.key === decision.key);
      if (existing) return { stored: false, existing: copy(existing) };
      decisions.push(copy(decision));
      return { stored: true, existing: copy(decision) };
    },
    async recordEvents(events) {
      decisions.push(...events.map(copy));
    },
    async settleRound(round, rows) {
      if (rounds.some((r) => r.groupId === round.groupId && r.round === round.round)) return;
      rounds.push(copy(round));
      payoffs.push(...rows.map(copy));
    },
    async recordParticipantEvent(e) {
      events.push(copy(e));
    },
    async participantEvents(sessionId) {
      return bySession(events, sessionId);
    },
    async metPairs(sessionId) {
      return met.has(sessionId) ? copy(met.get(sessionId)!) : null;
    },
    async saveMetPairs(sessionId, state) {
      met.set(sessionId, copy(state));
    },
    async createCohort(c) {
      cohortList.push(copy(c));
      for (const id of c.members) {
        const p = participants.get(id);
        if (p) p.cohortId = c.id;
      }
    },
    async cohorts(sessionId) {
      return bySession(cohortList, sessionId);
    },
    async recordRecruitment(r) {
      recruits.push(copy(r));
    },
    async recruitments(sessionId) {
      return bySession(recruits, sessionId);
    },
    async seatParticipant(id, group, at) {
      const p = participants.get(id);
      if (p) Object.assign(p, { groupId: group.id, seat: group.seat, roomId: group.roomId, status: "playing", groupedAt: at });
    },
    async participants(sessionId) {
      return bySession(participants.values(), sessionId).sort((a, b) => a.createdAt - b.createdAt || (a.id < b.id ? -1 : 1));
    },
    async groups(sessionId) {
      return bySession(groups.values(), sessionId).sort((a, b) => a.createdAt - b.createdAt);
    },
    async rounds(sessionId) {
      return bySession(rounds, sessionId);
    },
    async payoffs(sessionId) {
      return bySession(payoffs, sessionId);
    },
    async decisions(sessionId) {
      return bySession(decisions, sessionId);
    },
    async close() {},
  };
}
