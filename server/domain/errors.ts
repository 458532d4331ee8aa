// The error catalogue: stable codes, messages that tell the reader what to do.

/** Every error Cohort reports to a participant, researcher or operator. Codes never change once released. */
export const CATALOGUE = {
  invalid_message: "The message was malformed. Reload the page; if it persists, contact the researcher.",
  unknown_message: "This kind of message is not understood here. Reload the page to get the current version.",
  contribution_out_of_range: "Choose a whole number between 0 and your endowment.",
  stage_closed: "That stage is over; your screen will update to the current one.",
  already_locked: "Your contribution for this round is already locked in.",
  duplicate_key: "This request was already received with different content; send a new request key.",
  not_live: "Live updates are switched off in this experiment; lock in your contribution instead.",
  session_not_found: "No session has this code. Check the study link you were given.",
  session_full: "This session has no free places left. Please return the study on the recruitment platform.",
  session_closed: "This session is closed to new participants.",
  identity_missing: "The link is missing your participant id. Open the study from the recruitment platform again.",
  identity_invalid: "The participant id in the link is not in a known format. Open the study from the recruitment platform again.",
  participant_not_found: "This participant link is not valid. Open the study from the recruitment platform again.",
  consent_required: "Please read and accept the consent form first.",
  answer_required: "Please answer the question on the consent page before continuing.",
  participation_over: "You have already taken part in this study; the completion page shows your code.",
  not_in_group: "You are not a member of this group. Open your participant link again.",
  already_grouped: "You already have a group; reload the page to go to it.",
  leave_not_yet: "You can leave with pay once the time shown on the page has passed; please keep waiting until then.",
  lobby_unavailable: "The waiting room is restarting. Your place is kept; the page retries by itself in a few seconds.",
  experiment_invalid: "The experiment file has problems; run `npm run check -- <file>` to list them.",
  unauthorized: "Admin credentials are required: sign in with ADMIN_USER and ADMIN_PASSWORD.",
  not_found: "Nothing is here. Check the address.",
  internal: "Something went wrong on the server; it has been logged. Try again in a moment.",
} as const;

export type ErrorCode = keyof typeof CATALOGUE;

/** An error with a stable code; `detail` adds specifics (which field, which value) to the catalogue text. */
export class CohortError extends Error {
  constructor(
    readonly code: ErrorCode,
    readonly detail?: string,
  ) {
    super(detail ? `${detail} ${CATALOGUE[code]}` : CATALOGUE[code]);
    this.name = "CohortError";
  }
}

/** Plain payload sent to clients for any error. */
export interface ErrorPayload {
  code: ErrorCode;
  message: string;
}

export function toPayload(err: unknown): ErrorPayload {
  if (err instanceof CohortError) return { code: err.code, message: err.message };
  return { code: "internal", message: CATALOGUE.internal };
}
