// One lobby per session: admits consented participants, groups them by arrival time, hands each a seat in a GroupRoom.
import { matchMaker, Room, ServerError, type Client } from "@colyseus/core";
import { randomUUID } from "node:crypto";
import { CohortError } from "../server/domain/errors.js";
import { queuePosition, type Waiting } from "../server/domain/matching/arrival.js";
import { cohortStep } from "../server/domain/matching/cohortRounds.js";
import { groupWaiting } from "../server/domain/matching/quotas.js";
import { groupRule } from "../server/domain/matching/rules.js";
import { planRounds } from "../server/domain/matching/rematch.js";
import { emptyMetPairs, type MetPairs } from "../server/domain/matching/metPairs.js";
import { groupRollingStrangers } from "../server/domain/matching/rollingStrangers.js";
import { createRng } from "../server/domain/rng.js";
import { groupable, pickStandby } from "../server/domain/matching/standby.js";
import { estimateWait } from "../server/domain/matching/waitEstimate.js";
import { requestRecruitment } from "../server/recruitment.js";
import { loadParticipant, outcomeOf, requireLobbyReady } from "../server/sessionService.js";
import type { ParticipantRecord, SessionRecord } from "../server/store/port.js";
import { httpStatus } from "../server/transportCodes.js";
import { serialQueue, type RoomDeps } from "./deps.js";
import { LOBBY_TIMING, type LobbyCreateOptions } from "./lobbyDirectory.js";
import { drawTreatment, openGroupRoom } from "./groupOpening.js";
import { authorize, bindMessages } from "./guard.js";
import type { ServerMessages } from "./messages.js";
import type { GroupRoomOptions } from "./roomOptions.js";
import { LobbyState } from "./schema/LobbyState.js";

interface Seat extends Waiting {
  client: Client;
  participant: ParticipantRecord;
  /** Since when the waiting page is hidden (null: visible). */
  hiddenSince: number | null;
  /** When they came into the lobby this time (after a round, for cohort re-matching). */
  joinedAt: number;
}

/** Matching modes in which a cohort is collected and re-grouped between rounds from a stored plan. */
const COHORT_MODES = new Set(["partner", "randomStrangers", "perfectStrangers", "matrix"]);
/** Longest a re-forming group waits for a member who has not come back before it starts short. */
const REGROUP_WAIT_MS = 60_000;

/** How often the lobby re-checks wait limits. */
const TICK_MS = 1000;

export abstract class LobbyRoom extends Room<{ state: LobbyState }> {
  abstract deps: RoomDeps;
  state = new LobbyState();
  private session!: SessionRecord;
  private waiting = new Map<string, Seat>();
  /** Rolling strangers: who has met whom (loaded from the store once, saved at every grouping). */
  private met: MetPairs | null = null;
  /** Recent arrival times, for the wait estimate. */
  private arrivals: number[] = [];
  private serial = serialQueue((e) => this.deps.log.error({ err: e, room: this.roomId }, "lobby step failed"));
  private tickQueued = false;

  async onCreate(options: LobbyCreateOptions) {
    this.roomId = options.roomId;
    const session = await this.deps.store.sessionById(String(options.sessionId ?? ""));
    // Only the room named by the store's ownership row may be a session's lobby (see lobbyDirectory).
    const owner = session ? await this.deps.store.lobbyOwner(session.id) : null;
    if (!session || owner?.roomId !== options.roomId) {
      // Thrown into the HTTP matchmaker, so the code must be an HTTP status.
      throw new ServerError(httpStatus("lobby_unavailable"), "lobbies are created through the lobby directory only");
    }
    this.session = session;
    await this.deps.store.touchLobby(session.id, this.roomId, this.deps.now(), matchMaker.processId);
    const x = session.experiment;
    Object.assign(this.state, { groupSize: x.game.groupSize, needed: x.game.groupSize, maxWaitSeconds: x.lobby.maxWaitSeconds });
    await this.setMetadata({ session: session.code });
    bindMessages(this, {
      leave: (client) => this.serial.run(() => this.onLeaveRequest(client)),
      presence: (client, m) => this.onPresence(client, m.visible),
    }, (e) => this.deps.log.error({ err: e }, "lobby message failed"));
    this.clock.setInterval(() => this.serial.background(() => this.tick()), TICK_MS);
    this.clock.setInterval(() => this.serial.background(() => this.heartbeat()), LOBBY_TIMING.heartbeatMs);
  }

  async onAuth(_client: Client, options: { token?: unknown }) {
    return authorize(async () => {
      const { participant, session } = await loadParticipant(this.deps.store, String(options?.token ?? ""));
      if (session.id !== this.session.id) throw new CohortError("participant_not_found");
      requireLobbyReady(participant);
      return { participant };
    });
  }

  async onJoin(client: Client) {
    const { participant } = client.auth as { participant: ParticipantRecord };
    const previous = this.waiting.get(participant.id);
    if (previous && previous.client !== client) {
      previous.client.send("replaced", { message: "This study is open in another tab or window; continue there." });
      previous.client.leave(4001);
    }
    // The first arrival time is kept, so a reload never costs a participant their place in the queue.
    const arrivedAt = participant.lobbyEnteredAt ?? this.deps.now();
    if (participant.lobbyEnteredAt === null) {
      await this.deps.store.updateParticipant(participant.id, { status: "waiting", lobbyEnteredAt: arrivedAt });
      participant.lobbyEnteredAt = arrivedAt;
    }
    this.arrivals.push(arrivedAt);
    if (this.arrivals.length > 50) this.arrivals.shift();
    const t = this.session.experiment.treatments;
    // Least-filled counts depend on every earlier draw, so drawing waits its turn; nothing else in a join does.
    if (t?.assignAt === "entry" && participant.treatment === null) {
      await this.serial.run(async () => void (participant.treatment = await drawTreatment(this.deps, this.session, [participant.id])));
    }
    this.waiting.set(participant.id, {
      id: participant.id, arrivedAt, client, participant, hiddenSince: null, joinedAt: this.deps.now(),
      attributes: participant.attributes ?? undefined, treatment: participant.treatment ?? undefined,
    });
    // The join is done; grouping follows in the queue (a burst's joins share one step instead of waiting on each).
    this.tickSoon();
  }

  /** Queues one grouping step; joins that arrive before it starts add nothing. */
  private tickSoon() {
    if (this.tickQueued) return;
    this.tickQueued = true;
    this.serial.background(async () => {
      this.tickQueued = false;
      await this.tick();
    });
  }

  /** The page reports whether it is visible; hidden too long means inactive, so not grouped (presence check). */
  private onPresence(client: Client, visible: boolean) {
    const { participant } = client.auth as { participant: ParticipantRecord };
    const seat = this.waiting.get(participant.id);
    if (!seat || seat.client !== client) return;
    seat.hiddenSince = visible ? null : seat.hiddenSince ?? this.deps.now();
    if (visible) this.tickSoon();
  }

  private isActive(seat: Seat, now: number): boolean {
    return seat.hiddenSince === null || now - seat.hiddenSince < this.session.experiment.lobby.inactiveAfterSeconds * 1000;
  }

  onLeave(client: Client) {
    const { participant } = client.auth as { participant: ParticipantRecord };
    if (this.waiting.get(participant.id)?.client === client) this.waiting.delete(participant.id);
    this.announce();
  }

  /** Hands everyone to a lobby on another process: this one is stopping (pm2 reload) and takes no new groups. */
  onBeforeShutdown() {
    this.serial.background(() => this.relocateAll());
  }

  async onDispose() {
    // A lobby refused in onCreate (not made by the directory) never took a session, so it owns nothing to release.
    if (this.session) await this.deps.store.releaseLobby(this.session.id, this.roomId);
  }

  private async heartbeat() {
    if (!(await this.deps.store.touchLobby(this.session.id, this.roomId, this.deps.now(), matchMaker.processId))) {
      this.deps.log.warn({ room: this.roomId }, "lost lobby ownership; relocating participants");
      await this.relocateAll();
    }
  }

  private async relocateAll() {
    await this.deps.store.releaseLobby(this.session.id, this.roomId);
    // Arrival times are stored, so nobody loses their place in the queue by moving.
    for (const w of this.waiting.values()) w.client.send("relocate", {});
    this.waiting.clear();
    await this.disconnect();
  }

  /**
   * Releases those who waited too long, forms every full group (keeping the latest arrivals as standby when the
   * experiment asks for a standby pool), then tells everyone where they stand.
   */
  private async tick() {
    if (COHORT_MODES.has(this.session.experiment.matching.mode)) return this.cohortTick();
    if (this.session.experiment.matching.mode === "rollingStrangers") return this.rollingTick();
    const x = this.session.experiment;
    const now = this.deps.now();
    const quotas = "quotas" in x.matching ? x.matching.quotas : undefined;
    const rule = "rule" in x.matching && x.matching.rule ? groupRule(x.matching.rule) : undefined;
    const options = { groupSize: x.game.groupSize, maxWaitMs: x.lobby.maxWaitSeconds * 1000, quotas, rule };
    const view = () => [...this.waiting.values()].map((s) => Object.assign(s, { active: this.isActive(s, now) }));
    // Releases first, without the rule: a faulty custom rule (it throws) then only keeps people waiting, never past the limit.
    const first = groupWaiting(view(), { ...options, rule: undefined }, now);
    // Past the wait limit, or never placeable (no answer to the quota question): released with pay.
    for (const id of [...first.expired, ...first.unplaceable]) await this.release(this.waiting.get(id)!);
    const eligible = groupable(view(), x.standby.size);
    let groups: string[][] = [];
    try {
      groups = groupWaiting(eligible, { ...options, maxWaitMs: Infinity }, now).groups;
    } catch (err) {
      // Only a custom rule throws here (it returned an invalid group): log it, keep everyone waiting, keep the lobby up.
      this.deps.log.error({ err, room: this.roomId }, "grouping rule failed; nobody grouped this time");
    }
    await this.formGroups(groups.map((ids) => ids.map((id) => this.waiting.get(id)!)), now);
    this.announce();
  }

  /**
   * Cohort re-matching: newcomers wait until a cohort of N is complete (or leave at the wait limit); the cohort's plan
   * is drawn once from the session's seed and stored; then each planned group starts as its members come back.
   */
  private async cohortTick() {
    const x = this.session.experiment;
    const m = x.matching as Extract<typeof x.matching, { cohortSize: number }>;
    const now = this.deps.now();
    const seats = [...this.waiting.values()];
    const newcomers = seats.filter((s) => s.participant.cohortId === null).sort((a, b) => a.arrivedAt - b.arrivedAt || (a.id < b.id ? -1 : 1));
    for (const s of newcomers) if (now - s.arrivedAt >= x.lobby.maxWaitSeconds * 1000) await this.release(s);
    const fresh = newcomers.filter((s) => this.waiting.has(s.id) && this.isActive(s, now));
    for (let i = 0; i + m.cohortSize <= fresh.length; i += m.cohortSize) await this.formCohort(fresh.slice(i, i + m.cohortSize).map((s) => s.id));

    const cohorts = await this.deps.store.cohorts(this.session.id);
    for (const cohort of cohorts) {
      if (!cohort.members.some((id) => this.waiting.has(id))) continue;
      const stored = await this.deps.store.participantsByIds(cohort.members);
      const members = new Map(stored.map((p) => {
        const seat = this.waiting.get(p.id);
        const done = p.status === "completed" || p.status === "removed" || p.status === "group_ended" || p.status === "no_match";
        return [p.id, { id: p.id, roundsPlayed: seat?.participant.roundsPlayed ?? p.roundsPlayed, done, waitingSince: seat ? seat.joinedAt : null }];
      }));
      const step = cohortStep(cohort.plan.rounds, members, now, Math.min(REGROUP_WAIT_MS, x.lobby.maxWaitSeconds * 1000));
      for (const bye of step.byes) await this.sitOut(this.waiting.get(bye.id)!, bye.round);
      for (const g of step.start) {
        const lastRound = m.mode === "partner" ? x.game.rounds : g.round;
        await this.formGroup(g.members.map((id) => this.waiting.get(id)!), { firstRound: g.round, lastRound });
      }
    }
    this.announce();
  }

  /**
   * Rolling strangers: participants come back after every round (and newcomers arrive); groups form among the active
   * waiting participants who have never met, by the met-pairs record kept in the store. Past the wait limit (counted
   * from the latest return) the declared fallback applies.
   */
  private async rollingTick() {
    const x = this.session.experiment;
    const m = x.matching as Extract<typeof x.matching, { mode: "rollingStrangers" }>;
    const now = this.deps.now();
    this.met ??= (await this.deps.store.metPairs(this.session.id)) ?? emptyMetPairs();
    const view = [...this.waiting.values()].map((s) => ({ ...s, arrivedAt: s.participant.roundsPlayed > 0 ? s.joinedAt : s.arrivedAt, active: this.isActive(s, now) }));
    const d = groupRollingStrangers(view, this.met, { groupSize: x.game.groupSize, maxWaitMs: x.lobby.maxWaitSeconds * 1000, fallback: m.fallback, quotas: m.quotas }, now);
    for (const id of [...d.expired, ...d.unplaceable]) await this.release(this.waiting.get(id)!);
    if (d.groups.length) {
      // Stored before the groups are announced, so a restarted lobby never seats a met pair again.
      this.met = d.met;
      await this.deps.store.saveMetPairs(this.session.id, d.met, now);
    }
    for (const [i, ids] of d.groups.entries()) {
      const seats = ids.map((id) => this.waiting.get(id)!);
      for (const r of d.remeetings.find((x) => x.group === i)?.pairs ?? []) {
        for (const pid of [r.a, r.b]) {
          await this.deps.store.recordParticipantEvent({ sessionId: this.session.id, participantId: pid, groupId: null, kind: "remeet", detail: `${r.a === pid ? r.b : r.a} (met ${r.count}×, last ${new Date(r.last).toISOString()})`, at: now });
        }
      }
      await this.formGroup(seats, { firstRound: 1, lastRound: 1, memberRounds: seats.map((s) => s.participant.roundsPlayed + 1) });
    }
    this.announce();
  }

  /** Draws and stores a cohort's plan: seeded by the session and the cohort's number, so a replay draws the same. */
  private async formCohort(ids: string[]) {
    const x = this.session.experiment;
    const m = x.matching as Extract<typeof x.matching, { cohortSize: number }>;
    const k = (await this.deps.store.cohorts(this.session.id)).length;
    const plan = planRounds(ids, {
      mode: m.mode, groupSize: x.game.groupSize, rounds: x.game.rounds,
      preserveRoles: "preserveRoles" in m ? m.preserveRoles : false, matrix: "matrix" in m ? m.matrix : undefined,
    }, createRng(`${this.session.seed}/cohort/${k}`));
    const id = randomUUID();
    await this.deps.store.createCohort({ id, sessionId: this.session.id, members: ids, plan, createdAt: this.deps.now() });
    for (const pid of ids) this.waiting.get(pid)!.participant.cohortId = id;
  }

  /** A cohort member sits a round out (a bye); after the last round they are done and paid what they earned. */
  private async sitOut(seat: Seat, round: number) {
    const now = this.deps.now();
    seat.participant.roundsPlayed = round;
    await this.deps.store.updateParticipant(seat.id, { roundsPlayed: round });
    await this.deps.store.recordParticipantEvent({ sessionId: this.session.id, participantId: seat.id, groupId: null, kind: "bye", detail: String(round), at: now });
    if (round < this.session.experiment.game.rounds) return;
    this.waiting.delete(seat.id);
    const points = seat.participant.points ?? 0;
    await this.deps.store.updateParticipant(seat.id, { status: "completed", points, completedAt: now });
    seat.client.send("finished", outcomeOf(this.session.experiment, { ...seat.participant, status: "completed", points, completedAt: now }));
  }

  /**
   * Called by a group room (possibly on another process) whose participant dropped out: moves the participant who
   * has waited longest into that seat. Returns their id, or null when nobody is waiting.
   */
  async takeStandby(groupId: string, seat: number, treatment: string | null = null): Promise<string | null> {
    return this.serial.run(async () => {
      // Only someone of the group's treatment (when treatments are assigned at entry) may take the seat.
      const pool = [...this.waiting.values()].filter((w) => treatment === null || w.participant.treatment === null || w.participant.treatment === treatment);
      const pick = pickStandby(pool);
      const [room] = pick ? await matchMaker.query({ roomId: groupId }) : [];
      if (!pick || !room) return null;
      this.waiting.delete(pick.id);
      // Stored before the seat is offered, so the group room recognises the newcomer however fast they arrive.
      await this.deps.store.seatParticipant(pick.id, { id: groupId, roomId: groupId, seat }, this.deps.now());
      const reservation = await matchMaker.reserveSeatFor(room, { token: pick.participant.token });
      pick.client.send("matched", { reservation });
      this.announce();
      return pick.id;
    });
  }

  /** Ends a participant's wait without a group: paid the fee and their waiting time, with the no-match code. */
  private async release(seat: Seat) {
    this.waiting.delete(seat.participant.id);
    const now = this.deps.now();
    // Whoever played rounds before (re-matching between rounds) keeps what they earned.
    const points = seat.participant.points ?? 0;
    await this.deps.store.updateParticipant(seat.participant.id, { status: "no_match", points, completedAt: now });
    // Turnover rule 1: a waiting participant who finishes is replaced by recruiting one more.
    if (this.session.experiment.standby.size > 0) {
      await requestRecruitment(this.deps, this.session, { sessionId: this.session.id, reason: "waiting_finished", participantId: seat.id, at: now });
    }
    const outcome = outcomeOf(this.session.experiment, { ...seat.participant, lobbyEnteredAt: seat.arrivedAt, status: "no_match", points, completedAt: now });
    seat.client.send("released", outcome);
  }

  /** The participant chose to stop waiting, which the experiment allows after `leaveAllowedAfterSeconds`. */
  private async onLeaveRequest(client: Client) {
    const { participant } = client.auth as { participant: ParticipantRecord };
    const seat = this.waiting.get(participant.id);
    const canLeaveAt = seat ? this.canLeaveAt(seat) : null;
    if (!seat || canLeaveAt === null || this.deps.now() < canLeaveAt) throw new CohortError("leave_not_yet");
    await this.deps.store.recordParticipantEvent({ sessionId: this.session.id, participantId: participant.id, groupId: null, kind: "left_lobby", detail: null, at: this.deps.now() });
    await this.release(seat);
    this.announce();
  }

  private canLeaveAt(seat: Seat): number | null {
    const after = this.session.experiment.lobby.leaveAllowedAfterSeconds;
    return after === undefined ? null : seat.arrivedAt + after * 1000;
  }

  /**
   * Forms the groups of one decision: treatments are drawn group after group (least-filled counts depend on the
   * previous draw), then every group is stored, given its room and seated at once — a burst's groups do not queue
   * behind each other's room creation (bench:lobby, "group filled → all joined").
   */
  private async formGroups(list: Seat[][], formedAt: number) {
    const drawn: Array<{ seats: Seat[]; treatment: string | null }> = [];
    for (const seats of list) {
      for (const s of seats) this.waiting.delete(s.id);
      drawn.push({ seats, treatment: await this.groupTreatment(seats) });
    }
    await Promise.all(drawn.map(({ seats, treatment }) => this.formGroup(seats, null, formedAt, treatment)));
  }

  private async groupTreatment(seats: Seat[]): Promise<string | null> {
    const t = this.session.experiment.treatments;
    return t?.assignAt === "group" ? drawTreatment(this.deps, this.session, seats.map((s) => s.id)) : seats[0].participant.treatment;
  }

  /** Stores the group, creates its room (on any process) and hands each member a seat; `formedAt`: when it was decided. */
  private async formGroup(seats: Seat[], span: Pick<GroupRoomOptions, "firstRound" | "lastRound" | "memberRounds"> | null = null, formedAt = this.deps.now(), drawn?: string | null) {
    for (const s of seats) this.waiting.delete(s.id);
    const groupId = randomUUID();
    const options: GroupRoomOptions = { sessionId: this.session.id, groupId, members: seats.map((s) => s.id), ...span };
    const treatment = drawn !== undefined ? drawn : await this.groupTreatment(seats);
    // The group is stored first, so the participants' pages can always find their room again.
    await this.deps.store.createGroup({ id: groupId, sessionId: this.session.id, roomId: groupId, members: options.members, treatment, createdAt: this.deps.now() });
    await Promise.all(seats.map((s) =>
      this.deps.store.recordParticipantEvent({ sessionId: this.session.id, participantId: s.id, groupId, kind: "grouped", detail: null, at: this.deps.now() })));
    await this.seatGroup(groupId, options, seats, formedAt);
  }

  /** Creates the group's room (on any process) and sends each member a seat in it, the members' seats in parallel. */
  private async seatGroup(groupId: string, options: GroupRoomOptions, seats: Seat[], formedAt: number) {
    const room = await openGroupRoom(this.deps, options);
    if (!room) {
      // Nobody was seated: back to the queue at their original arrival times.
      await this.deps.store.endGroup(groupId, this.deps.now());
      for (const s of seats) {
        await this.deps.store.updateParticipant(s.id, { status: "waiting" });
        if (this.clients.includes(s.client)) this.waiting.set(s.id, s);
      }
      return;
    }
    await Promise.all(seats.map(async (s) => {
      const reservation = await matchMaker.reserveSeatFor(room, { token: s.participant.token });
      s.client.send("matched", { reservation, groupId, formedAt } satisfies ServerMessages["matched"]);
    }));
  }

  private announce() {
    const waiting = [...this.waiting.values()];
    const x = this.session.experiment;
    const cohortSize = "cohortSize" in x.matching ? x.matching.cohortSize : null;
    // Arrival modes fill groups of G; cohort modes first fill a cohort of N, then re-form groups between rounds.
    const unit = cohortSize ?? x.game.groupSize;
    const queue = cohortSize ? waiting.filter((w) => w.participant.cohortId === null) : waiting;
    const now = this.deps.now();
    this.state.waiting = waiting.length;
    this.state.needed = queue.length % unit === 0 ? unit : unit - (queue.length % unit);
    for (const w of waiting) {
      const inCohort = cohortSize !== null && w.participant.cohortId !== null;
      const { position, needed } = inCohort ? { position: 0, needed: 0 } : queuePosition(queue, w.id, unit);
      w.client.send("queue", {
        position, needed, waiting: queue.length, arrivedAt: w.arrivedAt, maxWaitSeconds: this.state.maxWaitSeconds,
        estimatedSeconds: inCohort ? null : estimateWait(this.arrivals, needed, now), canLeaveAt: inCohort ? null : this.canLeaveAt(w),
        active: this.isActive(w, now), nextRound: inCohort ? w.participant.roundsPlayed + 1 : null,
      });
    }
  }
}
