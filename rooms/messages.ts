// Websocket message shapes, validated at the boundary (zod). Shared with the client for types.
import { z } from "zod";

/** Client → server. */
export const clientMessages = {
  /** A live slider move during the decision stage. */
  move: z.object({ value: z.number() }).strict(),
  /** Lock in a contribution; `key` makes retries idempotent. */
  lock: z.object({ value: z.number(), key: z.string().regex(/^[A-Za-z0-9_-]{8,64}$/, "use 8–64 letters, digits, - or _") }).strict(),
  /** Continue from the results stage. */
  ready: z.object({}).strict().optional(),
  /** Lobby: the waiting page became visible or hidden (presence). */
  presence: z.object({ visible: z.boolean() }).strict(),
  /** Lobby: leave with pay once the declared time has passed. */
  leave: z.object({}).strict().optional(),
} as const;

export type ClientMessageType = keyof typeof clientMessages;
export type ClientMessage<K extends ClientMessageType> = z.output<(typeof clientMessages)[K]>;

/** Server → client payloads. */
export interface ServerMessages {
  welcome: { seat: number };
  moved: { seat: number; value: number };
  ack: { key: string; value: number; round: number };
  error: { code: string; message: string; type?: string; key?: string };
  queue: {
    position: number; needed: number; waiting: number; arrivedAt: number; maxWaitSeconds: number;
    /** Expected seconds until the group is complete, from the observed arrival rate; null before there is a rate. */
    estimatedSeconds: number | null;
    /** From when (epoch ms) the participant may leave with pay; null if the experiment does not allow it. */
    canLeaveAt: number | null;
    /** False while the page has been hidden too long: not grouped until it is visible again. */
    active: boolean;
    /** Cohort re-matching: the round this participant waits to play next (null before they have a cohort). */
    nextRound: number | null;
  };
  /**
   * A seat in a group room. From a newly formed group also its id and when the lobby decided it (epoch ms; what
   * bench:lobby measures "group filled → all members joined" from); a standby seat has neither.
   */
  matched: { reservation: unknown; groupId?: string; formedAt?: number };
  released: Outcome;
  finished: Outcome;
  replaced: { message: string };
  /** This group's rounds are over and more follow in a new group: go back to the lobby. */
  regroup: { nextRound: number };
  /** The lobby moves to another process: ask for a new lobby seat (your place is kept). */
  relocate: Record<string, never>;
}

export interface Outcome {
  kind: "completed" | "no_match" | "group_ended" | "removed";
  code: string;
  url: string;
  points: number;
  pay: { currency: string; fee: number; bonus: number; waiting: number; total: number };
}
