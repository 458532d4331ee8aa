// Participant HTTP routes: the entry link, the personal page, its status and consent.
import { Router, type Response } from "express";
import type { Logger } from "pino";
import type { SessionRecord, Store } from "../store/port.js";
import { join } from "node:path";
import { z } from "zod";
import { CohortError, toPayload } from "../domain/errors.js";
import { consent, enter, loadParticipant, participantView, requireLobbyReady } from "../sessionService.js";
import { httpStatus } from "../transportCodes.js";
import { asyncRoute } from "./errorHandler.js";

const consentBody = z.object({ agree: z.literal(true), answers: z.record(z.string().max(64), z.string().max(64)).optional() }).strict();

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function errorPage(res: Response, err: unknown): void {
  const { code, message } = toPayload(err);
  res.status(httpStatus(code)).type("html").send(
    `<!doctype html><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Cohort</title>` +
      `<body style="font-family:system-ui;max-width:40rem;margin:3rem auto;padding:0 1rem"><h1>We could not start the study</h1>` +
      `<p id="message">${escape(message)}</p><p style="color:#666">Error code: <code>${code}</code></p></body>`,
  );
}

export interface ParticipantRoutesOptions {
  /** Store, logger and clock shared with the rooms. */
  deps: { store: Store; log: Logger; now: () => number };
  /** A seat reservation in the session's one lobby (rooms/lobbyDirectory), for the page to consume. */
  reserveLobbySeat: (session: SessionRecord, token: string) => Promise<unknown>;
  /** Folder of the built participant app (index.html and assets). */
  clientDir: string;
}

export function participantRoutes({ deps, clientDir, reserveLobbySeat }: ParticipantRoutesOptions): Router {
  const { store, log, now } = deps;
  const r = Router();

  // The link posted on Prolific/MTurk. A returning participant gets their own page back (never a second seat).
  r.get("/join/:code", async (req, res) => {
    try {
      const p = await enter(store, req.params.code, req.query as Record<string, unknown>);
      res.redirect(303, `/p/${p.token}`);
    } catch (err) {
      if (!(err instanceof CohortError)) log.error({ err }, "entry failed");
      errorPage(res, err);
    }
  });

  r.get("/p/:token", (_req, res) => {
    res.setHeader("Cache-Control", "no-store");
    res.sendFile(join(clientDir, "index.html"));
  });

  r.get("/api/p/:token", asyncRoute(async (req, res) => {
    const { participant, session } = await loadParticipant(store, String(req.params.token));
    res.setHeader("Cache-Control", "no-store");
    res.json(participantView(session, participant));
  }));

  r.post("/api/p/:token/consent", asyncRoute(async (req, res) => {
    const body = consentBody.safeParse(req.body);
    if (!body.success) throw new CohortError("invalid_message", 'Send {"agree": true} to give consent.');
    await consent(store, String(req.params.token), now(), body.data.answers);
    const { participant, session } = await loadParticipant(store, String(req.params.token));
    res.json(participantView(session, participant));
  }));

  // A seat in the session's one lobby, wherever it runs; the page consumes the reservation.
  r.post("/api/p/:token/lobby", asyncRoute(async (req, res) => {
    const { participant, session } = await loadParticipant(store, String(req.params.token));
    requireLobbyReady(participant);
    res.json({ reservation: await reserveLobbySeat(session, participant.token) });
  }));

  return r;
}
