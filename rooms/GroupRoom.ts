// A group's room actor: validate → domain → state → store. Public goods with live contributions and dropouts.
import { CloseCode, matchMaker, Room, ServerError, type Client } from "@colyseus/core";
import { StateView } from "@colyseus/schema";
import { CohortError } from "../server/domain/errors.js";
import { checkContribution, roundPoints, settleSeats, type PublicGoodsParams } from "../server/domain/games/publicGoods.js";
import { createRng } from "../server/domain/rng.js";
import { treatmentGame } from "../server/domain/experiment/matching.js";
import { timeoutContribution, type DropoutPolicy } from "../server/domain/session/dropout.js";
import { initialPhase, step, type Effect, type Phase, type PhaseEvent, type Timing } from "../server/domain/session/phase.js";
import { requestRecruitment } from "../server/recruitment.js";
import { loadParticipant, outcomeOf } from "../server/sessionService.js";
import type { DecisionRecord, ParticipantEvent, ParticipantRecord, ParticipantStatus, PayoffRecord, SessionRecord } from "../server/store/port.js";
import { httpStatus } from "../server/transportCodes.js";
import { serialQueue, type RoomDeps } from "./deps.js";
import { authorize, bindMessages } from "./guard.js";
import { patchScheduler } from "./patchScheduler.js";
import { SeatKeeper, type SeatHost } from "./seatKeeper.js";
import type { GroupRoomOptions } from "./roomOptions.js";
import { GroupState, Player } from "./schema/GroupState.js";

export type { GroupRoomOptions };

/** State is patched as each change settles (patchSoon); this periodic patch only catches the rest (docs/benchmarks.md). */
const FALLBACK_PATCH_MS = 1_000;
/** How long the group waits for every member to connect before the first round starts anyway. */
const START_GRACE_MS = 10_000;
/** A finished room stays open this long so pages can show the final screen (shorter while the process drains). */
const LINGER_MS = 60_000;
const DRAIN_LINGER_MS = 5_000;

export abstract class GroupRoom extends Room<{ state: GroupState }> implements SeatHost {
  abstract deps: RoomDeps;
  state = new GroupState();

  session!: SessionRecord;
  params!: PublicGoodsParams;
  private timing!: Timing;
  groupId = "";
  members: ParticipantRecord[] = [];
  private phase: Phase | null = null;
  private roundStartedAt = 0;
  private deadlineTimer?: { clear(): void };
  private clientsBySeat = new Map<number, Client>();
  /** Clients whose connection dropped, by seat, while they may still reconnect. */
  private dropped = new Map<number, Client>();
  /** Lock-ins of the current round by idempotency key. */
  private locks = new Map<string, { seat: number; value: number }>();
  /** This round's last live value of each seat that moved (not in the synchronised state; see onMove). */
  private live = new Map<number, number>();
  private draining = false;
  private policy!: DropoutPolicy;
  /** The dropout pipeline's state and steps for this group's seats. */
  private keeper!: SeatKeeper;
  /** Set when the dropout policy ended the group: remaining members leave with the "group ended" outcome. */
  private endedEarly = false;
  /** The first round this room plays (later than 1 when groups re-form between rounds). */
  private firstRound = 1;
  /** Rolling strangers: members come from different rounds; the room plays one round, each member's own. */
  private memberRounds: number[] | null = null;
  private serial = serialQueue((e) => this.deps.log.error({ err: e, room: this.roomId }, "group transition failed"), () => this.patchSoon());
  private readonly patchSoon = patchScheduler(this); // one state patch once this turn's changes are done
  private startTimer?: NodeJS.Timeout;

  async onCreate(options: GroupRoomOptions) {
    this.roomId = options.groupId;
    this.groupId = options.groupId;
    this.autoDispose = false;
    this.maxMessagesPerSecond = 30; // a page sends at most 20 live moves a second; Colyseus closes runaway scripts
    this.patchRate = FALLBACK_PATCH_MS; // changes are patched as they settle (patchSoon); fewer idle ticks
    await this.setPrivate(true);
    const session = await this.deps.store.sessionById(options.sessionId);
    // onCreate errors travel through the matchmaker's HTTP routes: their codes must be HTTP statuses.
    if (!session) throw new ServerError(httpStatus("session_not_found"), "unknown session");
    this.session = session;
    this.params = session.experiment.game;
    this.firstRound = options.firstRound ?? 1;
    this.memberRounds = options.memberRounds ?? null;
    this.timing = {
      rounds: options.lastRound ?? this.params.rounds,
      decisionMs: session.experiment.stages.decisionSeconds * 1000,
      resultsMs: session.experiment.stages.resultsSeconds * 1000,
    };
    // One room per group, by construction: a second creation (colyseus#978, an IPC timeout retried elsewhere) fails here.
    if (!(await this.deps.store.claimGroupRoom(options.groupId, matchMaker.processId))) {
      throw new ServerError(httpStatus("not_in_group"), `group ${options.groupId} already has a room`);
    }
    this.members = await this.deps.store.participantsByIds(options.members);
    // The group plays its treatment's parameters (members share one treatment: the lobby groups within treatments).
    this.params = treatmentGame(this.params, session.experiment.treatments, this.members[0]?.treatment ?? undefined);
    this.policy = session.experiment.dropout;
    this.keeper = new SeatKeeper(this, this.policy, createRng(`${session.seed}/${options.groupId}`));
    Object.assign(this.state, { rounds: this.params.rounds, endowment: this.params.endowment, multiplier: this.params.multiplier, live: this.params.live });
    // Earnings carry over from earlier groups when groups re-form between rounds.
    this.members.forEach((m, seat) => this.state.players.push(new Player().assign({
      seat, label: `Player ${seat + 1}`, current: this.params.defaultContribution, earnings: m.points ?? 0, round: options.memberRounds?.[seat] ?? 0,
    })));

    bindMessages(this, {
      move: (client, m) => this.onMove(client, m.value),
      lock: (client, m) => this.serial.run(() => this.onLock(client, m.value, m.key)),
      ready: (client) => this.serial.run(() => this.onReady(client)),
    }, (e) => this.deps.log.error({ err: e, room: this.roomId }, "message handler failed"));

    // Node timers, not this.clock: the room clock only ticks with patches, at FALLBACK_PATCH_MS.
    this.startTimer = setTimeout(() => this.serial.background(() => this.start()), START_GRACE_MS);
  }

  async onAuth(_client: Client, options: { token?: unknown }) {
    return authorize(async () => {
      const { participant } = await loadParticipant(this.deps.store, String(options?.token ?? ""));
      let seat = this.members.findIndex((m) => m.id === participant.id);
      // A standby the lobby has just seated here (the store says so) may arrive before the lobby's answer does.
      if (seat < 0 && participant.groupId === this.groupId && participant.seat !== null && this.keeper.pendingStandby.has(participant.seat)) {
        seat = participant.seat;
        this.keeper.adopt(seat, participant);
      }
      if (seat < 0) throw new CohortError("not_in_group");
      return { participantId: participant.id, seat };
    });
  }

  onJoin(client: Client) {
    const { seat } = client.auth as { seat: number };
    const player = this.state.players[seat];
    if (player.control !== "human") {
      // The seat went to a bot or was closed: this participant is done; their page shows their outcome.
      return client.leave(4002, "seat closed");
    }
    const previous = this.clientsBySeat.get(seat);
    if (previous && previous !== client) {
      // The same participant opened the page again (another tab or a reload): the newest page holds the seat.
      previous.send("replaced", { message: "This study is open in another tab or window; continue there." });
      previous.leave(4001);
    }
    this.clientsBySeat.set(seat, client);
    player.connected = true;
    client.view = new StateView();
    client.view.add(player);
    client.send("welcome", { seat });
    this.sendLive(client);
    this.patchSoon();
    if (this.phase === null && this.clientsBySeat.size === this.members.length) this.serial.background(() => this.start());
  }

  /** A connection dropped without the participant leaving: keep the seat for the grace period. */
  async onDrop(client: Client) {
    const { seat } = client.auth as { seat: number };
    if (this.clientsBySeat.get(seat) !== client || this.phase?.stage === "finished") return;
    this.state.players[seat].connected = false;
    this.patchSoon();
    this.dropped.set(seat, client);
    this.event(seat, "drop", null);
    if (this.policy.graceSeconds > 0) await this.allowReconnection(client, this.policy.graceSeconds).catch(() => undefined);
  }

  onReconnect(client: Client) {
    const { seat } = client.auth as { seat: number };
    // Colyseus hands over a new client object; it replaces the dropped one unless another page took the seat meanwhile.
    if (this.clientsBySeat.get(seat) !== this.dropped.get(seat)) return;
    this.dropped.delete(seat);
    this.clientsBySeat.set(seat, client);
    this.state.players[seat].connected = true;
    this.patchSoon();
    this.event(seat, "reconnect", null);
    client.send("welcome", { seat });
    this.sendLive(client);
  }

  /** Final: the participant left on purpose, or the grace period ran out. */
  onLeave(client: Client, code?: number) {
    const { seat } = client.auth as { seat: number };
    if (this.clientsBySeat.get(seat) !== client) return;
    this.clientsBySeat.delete(seat);
    this.state.players[seat].connected = false;
    this.patchSoon();
    if (!this.phase || this.phase.stage === "finished") return;
    const why = code === CloseCode.CONSENTED ? "left" : "grace expired";
    this.serial.background(async () => {
      // A new page may have taken the seat meanwhile (reload after the grace period): then nobody is gone.
      if (!this.clientsBySeat.has(seat)) await this.keeper.dropSeat(seat, why);
    });
  }

  /** Process stopping (pm2 reload): a live group plays on to its end; an empty or finished one closes at once. */
  onBeforeShutdown() {
    this.draining = true;
    this.deps.log.info({ room: this.roomId, clients: this.clients.length, stage: this.phase?.stage }, "process stopping: group plays on to its end");
    if (this.phase?.stage === "finished" || this.clients.length === 0) void this.disconnect();
    else this.autoDispose = true;
  }

  async onDispose() {
    this.deadlineTimer?.clear();
    clearTimeout(this.startTimer);
    await this.deps.events.flush(); // this room's live moves are stored before it is gone
  }

  // ── Messages ─────────────────────────────────────────────────────────────────────────────────────
  private onMove(client: Client, raw: number) {
    const { seat } = client.auth as { seat: number };
    if (!this.params.live) throw new CohortError("not_live");
    const player = this.state.players[seat];
    this.requireDecisionStage();
    if (player.locked || player.control !== "human") throw new CohortError("already_locked");
    const value = checkContribution(this.params, raw);
    // Messages only: in state every move would cost every member a patch (docs/benchmarks.md); see sendLive.
    this.live.set(seat, value);
    this.broadcast("moved", { seat, value }, { except: client });
    this.deps.events.push(this.decision(seat, "live", value, null));
  }

  /** Tells a (re)joining page every live value of the round so far. */
  private sendLive(client: Client) {
    for (const [seat, value] of this.live) if (!this.state.players[seat].locked) client.send("moved", { seat, value });
  }

  private async onLock(client: Client, raw: number, key: string) {
    const { seat, participantId } = client.auth as { seat: number; participantId: string };
    const seen = this.locks.get(key);
    if (seen) {
      if (seen.seat !== seat || seen.value !== raw) throw new CohortError("duplicate_key");
      return client.send("ack", { key, value: seen.value, round: this.roundOf(seat) });
    }
    this.requireDecisionStage();
    const player = this.state.players[seat];
    if (player.locked || player.control !== "human") throw new CohortError("already_locked");
    const value = checkContribution(this.params, raw);
    // Durable before acknowledged: the lock-in is committed before anyone sees it accepted.
    const { existing } = await this.deps.store.recordDecision(this.decision(seat, "lock", value, key));
    if (existing.participantId !== participantId || existing.value !== value || existing.round !== this.roundOf(seat)) {
      throw new CohortError("duplicate_key");
    }
    this.locks.set(key, { seat, value });
    this.keeper.seats[seat].streak = 0;
    Object.assign(player, { locked: true, current: value });
    if (this.params.live) this.broadcast("moved", { seat, value }, { except: client });
    client.send("ack", { key, value, round: this.roundOf(seat) });
    await this.checkAllDecided();
  }

  async checkAllDecided() {
    const open = this.state.players.filter((p) => p.control !== "closed");
    if (this.phase?.stage === "decision" && open.every((p) => p.locked)) await this.apply({ type: "allDecided" });
  }

  private async onReady(client: Client) {
    if (this.phase?.stage !== "results") throw new CohortError("stage_closed");
    this.state.players[(client.auth as { seat: number }).seat].ready = true;
    await this.checkAllReady();
  }

  async checkAllReady() {
    const present = this.state.players.filter((p) => p.connected && p.control === "human");
    if (this.phase?.stage === "results" && present.length > 0 && present.every((p) => p.ready)) await this.apply({ type: "allReady" });
  }

  private requireDecisionStage() {
    if (this.phase?.stage !== "decision") throw new CohortError("stage_closed");
  }

  // ── Phase machine and its effects ────────────────────────────────────────────────────────────────
  private async start() {
    if (this.phase !== null) return;
    const { phase, effects } = initialPhase(this.timing, this.deps.now(), this.firstRound);
    await this.enter(phase, effects);
  }

  private async apply(event: PhaseEvent) {
    if (!this.phase) return;
    const { phase, effects } = step(this.phase, event, this.timing, this.deps.now());
    if (phase !== this.phase) await this.enter(phase, effects);
    else if (event.type === "deadline") this.armDeadline(); // the timer fired a little early: wait the rest
  }

  private async enter(phase: Phase, effects: Effect[]) {
    this.phase = phase;
    for (const effect of effects) await this.run(effect);
    Object.assign(this.state, { stage: phase.stage, round: phase.round, deadline: phase.deadline ?? 0 });
    this.armDeadline();
  }

  private armDeadline() {
    this.deadlineTimer?.clear();
    const deadline = this.phase?.deadline;
    if (deadline === null || deadline === undefined) return;
    const timer = setTimeout(() => this.serial.background(() => this.apply({ type: "deadline" })), Math.max(1, deadline - this.deps.now()));
    this.deadlineTimer = { clear: () => clearTimeout(timer) };
  }

  private async run(effect: Effect) {
    const now = this.deps.now();
    switch (effect.type) {
      case "openRound":
        this.roundStartedAt = now;
        this.locks.clear();
        this.live.clear();
        for (const p of this.state.players) {
          Object.assign(p, { current: this.params.defaultContribution, locked: p.control === "closed", timedOut: false, ready: false });
          this.keeper.seats[p.seat].noValue = false;
        }
        // Bots decide at once; their choices are stored and flagged like any other decision.
        for (const p of this.state.players) if (p.control === "bot") await this.keeper.botDecides(p);
        return;
      case "applyTimeouts":
        for (const p of this.state.players) {
          if (p.locked) continue;
          const value = timeoutContribution(this.policy, this.live.get(p.seat) ?? p.current, this.params.endowment);
          Object.assign(p, { locked: true, timedOut: true, current: value ?? p.current });
          this.keeper.seats[p.seat].noValue = value === null;
          this.keeper.seats[p.seat].streak++;
          this.deps.events.push(this.decision(p.seat, "timeout", value ?? -1, null));
        }
        return;
      case "settleRound":
        return this.settle(effect.round, now);
      case "finish":
        return this.finish(now);
    }
  }

  private async settle(round: number, now: number) {
    await this.deps.events.flush(); // the round's live moves and timeouts are stored before its payoffs
    const players = [...this.state.players];
    const values = players.map((p) => ({ open: p.control !== "closed", value: this.keeper.seats[p.seat].noValue ? null : p.current }));
    const outcome = settleSeats(this.params, values);
    const payoffs: PayoffRecord[] = players.flatMap((p, i) => outcome.payoffs[i] === null ? [] : [{
      sessionId: this.session.id, groupId: this.groupId, participantId: this.members[p.seat].id, round: this.roundOf(p.seat), contribution: values[i].value,
      timedOut: p.timedOut, payoff: outcome.payoffs[i]!, decidedAt: now, groupN: outcome.n, actor: this.keeper.actorOf(p),
    }]);
    await this.deps.store.settleRound({ sessionId: this.session.id, groupId: this.groupId, round, total: outcome.total, share: outcome.share, startedAt: this.roundStartedAt, endedAt: now }, payoffs);
    players.forEach((p, i) => {
      const payoff = outcome.payoffs[i];
      if (payoff !== null) Object.assign(p, { contribution: values[i].value ?? -1, payoff, earnings: roundPoints(p.earnings + payoff) });
    });
    Object.assign(this.state, { total: outcome.total, share: outcome.share });
    // Too many deadlines missed in a row: the participant counts as dropped.
    const k = this.policy.maxConsecutiveTimeouts;
    for (const p of players) if (k > 0 && p.control === "human" && this.keeper.seats[p.seat].streak >= k) await this.keeper.dropSeat(p.seat, "inactive");
  }

  /** After the last round: members with rounds left go back to the lobby, the others conclude; the room lingers. */
  private async finish(now: number) {
    const status: ParticipantStatus = this.endedEarly ? "group_ended" : "completed";
    for (const p of this.state.players) {
      if (p.control !== "human") continue;
      const played = this.memberRounds ? this.memberRounds[p.seat] : this.timing.rounds;
      if (!this.endedEarly && played < this.params.rounds) {
        // More rounds follow in a new group: back to the lobby with the points earned so far.
        const member = this.members[p.seat];
        await this.deps.store.updateParticipant(member.id, { status: "waiting", points: p.earnings, roundsPlayed: played });
        this.clientsBySeat.get(p.seat)?.send("regroup", { nextRound: played + 1 });
        continue;
      }
      await this.conclude(p.seat, status, null, now);
      // Turnover rule 2: an active participant who finishes frees a place; recruit one more for the waiting queue.
      if (status === "completed" && this.session.experiment.standby.size > 0) {
        await requestRecruitment(this.deps, this.session, { sessionId: this.session.id, reason: "active_finished", participantId: this.members[p.seat].id, at: now });
      }
    }
    await this.deps.store.endGroup(this.groupId, now);
    this.autoDispose = true;
    this.clock.setTimeout(() => void this.disconnect(), this.draining ? DRAIN_LINGER_MS : LINGER_MS);
  }

  /** Stores a member's final status and pay, and shows them their outcome if their page is open. */
  async conclude(seat: number, status: ParticipantStatus, detail: string | null, now = this.deps.now()) {
    const member = this.members[seat];
    const points = this.state.players[seat].earnings;
    await this.deps.store.updateParticipant(member.id, { status, points, completedAt: now });
    if (status !== "completed") this.event(seat, status === "removed" ? "removed" : "group_ended", detail);
    const outcome = outcomeOf(this.session.experiment, { ...member, status, points });
    this.clientsBySeat.get(seat)?.send("finished", outcome);
  }

  event(seat: number, kind: ParticipantEvent["kind"], detail: string | null) {
    const e: ParticipantEvent = { sessionId: this.session.id, participantId: this.members[seat].id, groupId: this.groupId, kind, detail, at: this.deps.now() };
    this.deps.store.recordParticipantEvent(e).catch((err) => this.deps.log.error({ err, room: this.roomId }, "could not store a participant event"));
  }

  decision(seat: number, kind: DecisionRecord["kind"], value: number, key: string | null): DecisionRecord {
    return { sessionId: this.session.id, groupId: this.groupId, participantId: this.members[seat].id, round: this.roundOf(seat), kind, value, key, at: this.deps.now() };
  }

  stage() {
    return this.phase?.stage ?? null;
  }

  async endEarly() {
    this.endedEarly = true;
    await this.apply({ type: "abort" });
  }

  broadcastMove(seat: number, value: number) {
    if (this.params.live) this.broadcast("moved", { seat, value });
  }

  /** The round `seat` is playing: the room's round, or under rolling strangers each member's own. */
  private roundOf(seat: number): number {
    return this.memberRounds?.[seat] ?? this.state.round;
  }
}
