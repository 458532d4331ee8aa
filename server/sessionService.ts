// Session and participant use cases shared by the HTTP routes, the CLI and the rooms: create, enter, consent, view.
import { randomBytes } from "node:crypto";
import { CohortError } from "./domain/errors.js";
import type { ExperimentConfig } from "./domain/experiment/schema.js";
import { checkExperiment } from "./domain/experiment/check.js";
import { askedAttribute } from "./domain/experiment/matching.js";
import { completionCode, isOutcome, type OutcomeKind } from "./domain/outcome.js";
import { parseIdentity } from "./domain/participant/identity.js";
import { completionUrl, payFor, waitedMs, type Pay } from "./domain/payment.js";
import { createRng, randomCode } from "./domain/rng.js";
import type { ParticipantRecord, SessionRecord, Store } from "./store/port.js";

export interface CreateSessionInput {
  experiment: unknown;
  /** Shown on the admin page; defaults to the experiment's name. */
  label?: string;
  /** Seed for the session's random generator; a random one is drawn and stored when absent. */
  seed?: string;
}

/** Validates the experiment and opens a session with a fresh code. Throws experiment_invalid with every problem. */
export async function createSession(store: Store, input: CreateSessionInput): Promise<SessionRecord> {
  const checked = checkExperiment(input.experiment);
  if (!checked.ok) {
    throw new CohortError("experiment_invalid", checked.problems.map((p) => `${p.path}: ${p.message}`).join(" "));
  }
  const rng = createRng(randomBytes(16).toString("hex"));
  for (let attempt = 0; ; attempt++) {
    const code = randomCode(rng, 8);
    if (await store.sessionByCode(code)) {
      if (attempt > 5) throw new Error("could not draw a free session code");
      continue;
    }
    return store.createSession({
      code,
      label: input.label ?? checked.config.name,
      experiment: checked.config,
      seed: input.seed ?? randomBytes(8).toString("hex"),
    });
  }
}

/** Resolves the entry link: the session by code, the identity from the query, then finds or admits the participant. */
export async function enter(store: Store, code: string, query: Record<string, unknown>): Promise<ParticipantRecord> {
  const session = await store.sessionByCode(code.toUpperCase());
  if (!session) throw new CohortError("session_not_found", `No session "${code.slice(0, 32)}".`);
  const identity = parseIdentity(query);
  const existing = await store.enterParticipant(session.id, identity, randomBytes(24).toString("base64url"), session.experiment.capacity);
  // A returning participant is always let back in; only newcomers are refused by a closed session.
  if (existing.created && session.status === "closed") throw new CohortError("session_closed");
  // The matching attribute in the entry link (e.g. &gender=F from a screening survey) spares the question.
  const q = askedAttribute(session.experiment.matching);
  const value = q ? query[q.attribute] : undefined;
  if (q && existing.created && typeof value === "string" && q.categories.includes(value)) {
    const attributes = { [q.attribute]: value };
    await store.updateParticipant(existing.participant.id, { attributes });
    return { ...existing.participant, attributes };
  }
  return existing.participant;
}

/** A participant and their session, or participant_not_found. */
export async function loadParticipant(store: Store, token: string): Promise<{ participant: ParticipantRecord; session: SessionRecord }> {
  const participant = /^[A-Za-z0-9_-]{16,64}$/.test(token) ? await store.participantByToken(token) : null;
  if (!participant) throw new CohortError("participant_not_found");
  const session = await store.sessionById(participant.sessionId);
  if (!session) throw new CohortError("participant_not_found");
  return { participant, session };
}

/** The quota or rule question a participant must answer before the lobby, or null (none, or already answered). */
export function pendingQuestion(experiment: ExperimentConfig, p: ParticipantRecord) {
  const q = askedAttribute(experiment.matching);
  if (!q || p.attributes?.[q.attribute] !== undefined) return null;
  const options = q.categories.map((value) => ({ value, label: q.labels?.[value] ?? value }));
  return { attribute: q.attribute, text: q.question ?? `Please choose your ${q.attribute}`, options };
}

/** Validates an answer: only the attribute the matching reads, only a listed category. */
function checkAnswer(experiment: ExperimentConfig, answers: Record<string, string>): Record<string, string> {
  const q = askedAttribute(experiment.matching);
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(answers)) {
    if (!q || k !== q.attribute) throw new CohortError("invalid_message", `"${k}" is not asked in this study.`);
    if (!q.categories.includes(v)) throw new CohortError("invalid_message", `"${v}" is not an option; choose one of ${q.categories.join(", ")}.`);
    out[k] = v;
  }
  return out;
}

/** Records consent (once; later calls keep the first time) and the answer to the quota question, if one is asked. */
export async function consent(store: Store, token: string, now: number, answers: Record<string, string> = {}): Promise<ParticipantRecord> {
  const { participant, session } = await loadParticipant(store, token);
  const given = checkAnswer(session.experiment, answers);
  const attributes = Object.keys(given).length ? { ...(participant.attributes ?? {}), ...given } : participant.attributes;
  const next = { ...participant, attributes };
  if (pendingQuestion(session.experiment, next)) throw new CohortError("answer_required");
  if (participant.status === "entered") {
    await store.updateParticipant(participant.id, { status: "consented", consentedAt: now, attributes });
    return { ...next, status: "consented", consentedAt: now };
  }
  return participant;
}

/** Throws unless the participant may wait in the lobby: consented, not yet grouped, not finished. */
export function requireLobbyReady(p: ParticipantRecord): void {
  if (p.status === "entered") throw new CohortError("consent_required");
  if (isOutcome(p.status)) throw new CohortError("participation_over");
  if (p.status === "playing") throw new CohortError("already_grouped");
}

export interface Outcome {
  kind: OutcomeKind;
  code: string;
  url: string;
  points: number;
  pay: Pay;
}

/** The completion code, redirect URL and pay of a participant who is done, or null while they are not. */
export function outcomeOf(experiment: ExperimentConfig, p: ParticipantRecord): Outcome | null {
  if (!isOutcome(p.status)) return null;
  const code = completionCode(experiment, p.status);
  const points = p.points ?? 0;
  return { kind: p.status, code, url: completionUrl(experiment.completion.url, code), points, pay: payFor(experiment.payment, points, waitedMs(p)) };
}

/** Everything the participant's page needs to render, without other participants' data or internal ids. */
export function participantView(session: SessionRecord, p: ParticipantRecord) {
  const x = session.experiment;
  return {
    status: p.status,
    roomId: p.status === "playing" ? p.roomId : null,
    session: { code: session.code, name: x.name },
    consent: x.consent,
    question: pendingQuestion(x, p),
    game: x.game,
    stages: x.stages,
    lobby: x.lobby,
    matching: x.matching,
    payment: x.payment,
    outcome: outcomeOf(x, p),
  };
}

export type ParticipantView = ReturnType<typeof participantView>;
