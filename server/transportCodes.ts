// The one place that maps error codes to transport codes: HTTP status and websocket error codes.
import type { ErrorCode } from "./domain/errors.js";

const HTTP: Record<ErrorCode, number> = {
  invalid_message: 400,
  unknown_message: 400,
  contribution_out_of_range: 422,
  stage_closed: 409,
  already_locked: 409,
  duplicate_key: 409,
  not_live: 409,
  session_not_found: 404,
  session_full: 409,
  session_closed: 409,
  identity_missing: 400,
  identity_invalid: 400,
  participant_not_found: 404,
  consent_required: 403,
  answer_required: 400,
  participation_over: 409,
  not_in_group: 403,
  already_grouped: 409,
  lobby_unavailable: 503,
  leave_not_yet: 409,
  experiment_invalid: 422,
  unauthorized: 401,
  not_found: 404,
  internal: 500,
};

/** HTTP status for an error code. */
export const httpStatus = (code: ErrorCode): number => HTTP[code];

/**
 * Websocket error code for a refused join (Colyseus ServerError code, 4000–4999 range reserved for applications):
 * 4000 + the HTTP status's last three digits keep both tables readable side by side.
 */
export const wsCode = (code: ErrorCode): number => 4000 + (HTTP[code] % 1000);
