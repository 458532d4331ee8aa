// Researcher HTTP API behind admin credentials: sessions, experiment files, exports.
import { Router, type RequestHandler } from "express";
import basicAuth from "express-basic-auth";
import { stringify } from "csv-stringify/sync";
import { readdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { z } from "zod";
import { CohortError } from "../domain/errors.js";
import { PARTICIPANT_COLUMNS, participantRows } from "../domain/export/participantSummary.js";
import { DATA_COLUMNS, PAYMENT_COLUMNS, dataRows, paymentRows, type ExportInput } from "../domain/export/tidy.js";
import { emptyMetPairs, meetingReport, recordGroups } from "../domain/matching/metPairs.js";
import { createSession } from "../sessionService.js";
import type { SessionRecord, Store } from "../store/port.js";
import { asyncRoute } from "./errorHandler.js";

const FILE_NAME = /^[\w.-]+\.json$/;

const createBody = z
  .object({
    /** An experiment object, as in an experiment file. */
    experiment: z.unknown().optional(),
    /** Or the name of a file in the experiments folder. */
    file: z.string().regex(FILE_NAME, "use a file name like demo.json from the experiments folder").optional(),
    label: z.string().min(1).max(200).optional(),
    seed: z.string().min(1).max(64).optional(),
  })
  .strict()
  .refine((b) => (b.experiment === undefined) !== (b.file === undefined), "give exactly one of `experiment` or `file`");

/** Who shared a group with whom, how often and when last: the audit of a stranger design (docs/matching.md). */
function meetingsOf(groups: Array<{ members: string[]; createdAt: number }>) {
  const met = groups.reduce((m, g) => recordGroups(m, [g.members], g.createdAt), emptyMetPairs());
  return meetingReport(met);
}

/** Basic-auth middleware for researcher pages and APIs; answers 401 with the catalogue message. */
export function adminAuth(admin: { user: string; password: string }): RequestHandler {
  return basicAuth({
    users: { [admin.user]: admin.password },
    challenge: true,
    realm: "Cohort admin",
    unauthorizedResponse: () => ({ error: { code: "unauthorized", message: new CohortError("unauthorized").message } }),
  });
}

export interface AdminRoutesOptions {
  store: Store;
  admin: { user: string; password: string };
  /** Folder holding experiment files researchers may start sessions from. */
  experimentsDir: string;
  publicUrl: string;
}

export function adminRoutes({ store, admin, experimentsDir, publicUrl }: AdminRoutesOptions): Router {
  const r = Router();
  r.use(["/api/sessions", "/api/experiments"], adminAuth(admin));

  const summary = async (s: SessionRecord) => ({
    code: s.code, label: s.label, status: s.status, createdAt: new Date(s.createdAt).toISOString(), seed: s.seed,
    experiment: s.experiment.name, participants: await store.countParticipants(s.id),
    standby: s.experiment.standby.size, recruitmentRequests: (await store.recruitments(s.id)).length,
    joinUrl: `${publicUrl}/join/${s.code}`,
    exports: {
      csv: `/api/sessions/${s.code}/export.csv`, participants: `/api/sessions/${s.code}/participants.csv`,
      json: `/api/sessions/${s.code}/export.json`, payments: `/api/sessions/${s.code}/payments.csv`,
    },
  });
  const sessionOr404 = async (code: string) => {
    const s = await store.sessionByCode(code.toUpperCase());
    if (!s) throw new CohortError("session_not_found", `No session "${code.slice(0, 32)}".`);
    return s;
  };
  const exportInput = async (s: SessionRecord): Promise<ExportInput> => ({
    session: s, participants: await store.participants(s.id), rounds: await store.rounds(s.id), payoffs: await store.payoffs(s.id),
  });

  r.get("/api/experiments", asyncRoute(async (_req, res) => {
    const files = (await readdir(experimentsDir).catch(() => [] as string[])).filter((f) => FILE_NAME.test(f)).sort();
    res.json({ files });
  }));

  r.get("/api/sessions", asyncRoute(async (_req, res) => {
    res.json({ sessions: await Promise.all((await store.listSessions()).map(summary)) });
  }));

  r.post("/api/sessions", asyncRoute(async (req, res) => {
    const body = createBody.safeParse(req.body ?? {});
    if (!body.success) throw new CohortError("invalid_message", body.error.issues.map((i) => `${i.path.join(".") || "body"}: ${i.message}.`).join(" "));
    let experiment = body.data.experiment;
    if (body.data.file) {
      const text = await readFile(join(experimentsDir, body.data.file), "utf8").catch(() => {
        throw new CohortError("not_found", `No experiment file "${body.data.file}" in the experiments folder.`);
      });
      try {
        experiment = JSON.parse(text);
      } catch {
        throw new CohortError("experiment_invalid", `${body.data.file} is not valid JSON.`);
      }
    }
    const session = await createSession(store, { experiment, label: body.data.label, seed: body.data.seed });
    res.status(201).json(await summary(session));
  }));

  r.get("/api/sessions/:code", asyncRoute(async (req, res) => {
    res.json(await summary(await sessionOr404(String(req.params.code))));
  }));

  r.post("/api/sessions/:code/close", asyncRoute(async (req, res) => {
    const s = await sessionOr404(String(req.params.code));
    await store.setSessionStatus(s.id, "closed");
    res.json(await summary({ ...s, status: "closed" }));
  }));

  r.get("/api/sessions/:code/export.csv", asyncRoute(async (req, res) => {
    const s = await sessionOr404(String(req.params.code));
    const rows = dataRows(await exportInput(s));
    res.type("text/csv").attachment(`cohort-${s.code}-data.csv`).send(stringify(rows, { header: true, columns: [...DATA_COLUMNS] }));
  }));

  // Places the standby pool's turnover rules ask the recruitment platform to open (also sent to the webhook).
  r.get("/api/sessions/:code/recruitment", asyncRoute(async (req, res) => {
    const s = await sessionOr404(String(req.params.code));
    const requests = (await store.recruitments(s.id)).map((r) => ({ reason: r.reason, participant: r.participantId, at: new Date(r.at).toISOString() }));
    res.json({ session: s.code, requested: requests.length, requests });
  }));

  r.get("/api/sessions/:code/participants", asyncRoute(async (req, res) => {
    const s = await sessionOr404(String(req.params.code));
    res.json({ participants: participantRows(await exportInput(s), await store.participantEvents(s.id)) });
  }));

  r.get("/api/sessions/:code/participants.csv", asyncRoute(async (req, res) => {
    const s = await sessionOr404(String(req.params.code));
    const rows = participantRows(await exportInput(s), await store.participantEvents(s.id));
    res.type("text/csv").attachment(`cohort-${s.code}-participants.csv`).send(stringify(rows, { header: true, columns: [...PARTICIPANT_COLUMNS] }));
  }));

  r.get("/api/sessions/:code/payments.csv", asyncRoute(async (req, res) => {
    const s = await sessionOr404(String(req.params.code));
    const rows = paymentRows(await exportInput(s));
    res.type("text/csv").attachment(`cohort-${s.code}-payments.csv`).send(stringify(rows, { header: true, columns: [...PAYMENT_COLUMNS] }));
  }));

  r.get("/api/sessions/:code/export.json", asyncRoute(async (req, res) => {
    const s = await sessionOr404(String(req.params.code));
    // Tokens are the participants' secrets (their personal links): never exported.
    const participants = (await store.participants(s.id)).map(({ token: _token, ...p }) => p);
    res.attachment(`cohort-${s.code}-events.json`).json({
      session: s, participants, groups: await store.groups(s.id),
      rounds: await store.rounds(s.id), payoffs: await store.payoffs(s.id), decisions: await store.decisions(s.id),
      participantEvents: await store.participantEvents(s.id), recruitmentRequests: await store.recruitments(s.id),
      meetings: meetingsOf(await store.groups(s.id)),
    });
  }));

  return r;
}
