// Who a participant is on the recruitment platform, read from the entry link's query string.
import { CohortError } from "../errors.js";

export type Platform = "prolific" | "mturk" | "label";

/** A participant's identity on the platform that sent them. `platformId` is unique within (platform, studyId). */
export interface Identity {
  platform: Platform;
  platformId: string;
  /** Prolific STUDY_ID or MTurk hitId; null for plain labels. */
  studyId: string | null;
  /** Prolific SESSION_ID or MTurk assignmentId; null for plain labels. */
  platformSessionId: string | null;
}

const PROLIFIC_ID = /^[a-f0-9]{24}$/i;
const MTURK_ID = /^[A-Z0-9]{8,64}$/;
const LABEL = /^[A-Za-z0-9_.-]{1,64}$/;

type Query = Record<string, unknown>;

function field(query: Query, name: string): string | undefined {
  const v = query[name];
  if (v === undefined) return undefined;
  if (typeof v !== "string") throw new CohortError("identity_invalid", `"${name}" was given more than once.`);
  return v.trim();
}

function need(value: string | undefined, name: string, pattern: RegExp, what: string): string {
  if (!value) throw new CohortError("identity_missing", `The link has no ${name}.`);
  if (!pattern.test(value)) throw new CohortError("identity_invalid", `${name} "${value.slice(0, 80)}" is not ${what}.`);
  return value;
}

/**
 * Reads Prolific (`PROLIFIC_PID`, `STUDY_ID`, `SESSION_ID`), MTurk (`workerId`, `assignmentId`, `hitId`) or a
 * plain `label`, in that order of precedence. Throws `identity_missing` / `identity_invalid` otherwise.
 */
export function parseIdentity(query: Query): Identity {
  const pid = field(query, "PROLIFIC_PID");
  if (pid !== undefined) {
    return {
      platform: "prolific",
      platformId: need(pid, "PROLIFIC_PID", PROLIFIC_ID, "a Prolific id (24 hexadecimal characters)"),
      studyId: need(field(query, "STUDY_ID"), "STUDY_ID", PROLIFIC_ID, "a Prolific study id"),
      platformSessionId: need(field(query, "SESSION_ID"), "SESSION_ID", PROLIFIC_ID, "a Prolific session id"),
    };
  }
  const worker = field(query, "workerId");
  if (worker !== undefined) {
    const assignment = field(query, "assignmentId");
    if (assignment === "ASSIGNMENT_ID_NOT_AVAILABLE") {
      throw new CohortError("identity_missing", "This is a preview of the HIT: accept it first, then the task starts.");
    }
    return {
      platform: "mturk",
      platformId: need(worker, "workerId", MTURK_ID, "an MTurk worker id"),
      studyId: need(field(query, "hitId"), "hitId", MTURK_ID, "an MTurk HIT id"),
      platformSessionId: need(assignment, "assignmentId", MTURK_ID, "an MTurk assignment id"),
    };
  }
  const label = field(query, "label");
  if (label !== undefined) {
    return { platform: "label", platformId: need(label, "label", LABEL, "1–64 letters, digits, dots, dashes or underscores"), studyId: null, platformSessionId: null };
  }
  throw new CohortError("identity_missing", "Expected PROLIFIC_PID, workerId or label in the link.");
}
