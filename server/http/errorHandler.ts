// Express error handling: every failure becomes { error: { code, message } } with the mapped HTTP status.
import type { ErrorRequestHandler, RequestHandler } from "express";
import type { Logger } from "pino";
import { CohortError, toPayload } from "../domain/errors.js";
import { httpStatus } from "../transportCodes.js";

/** Wraps an async handler so a rejection reaches the error handler. */
export const asyncRoute =
  (fn: (...args: Parameters<RequestHandler>) => Promise<unknown>): RequestHandler =>
  (req, res, next) => {
    fn(req, res, next).catch(next);
  };

/** JSON error responses; unknown errors are logged and answered with the generic `internal` message. */
export function errorHandler(log: Logger): ErrorRequestHandler {
  return (err, req, res, _next) => {
    const parseFailed = (err as { type?: string }).type === "entity.parse.failed";
    const e = parseFailed ? new CohortError("invalid_message", "The request body is not valid JSON.") : err;
    if (!(e instanceof CohortError)) log.error({ err, url: req.originalUrl }, "request failed");
    const payload = toPayload(e);
    res.status(httpStatus(payload.code)).json({ error: payload });
  };
}
