// Registers message handlers that validate with zod and answer every refusal with an `error` message; never kick.
import { ServerError, type Client, type Room } from "@colyseus/core";
import { CohortError, toPayload } from "../server/domain/errors.js";
import { wsCode } from "../server/transportCodes.js";
import { clientMessages, type ClientMessage, type ClientMessageType } from "./messages.js";

type Handler<K extends ClientMessageType> = (client: Client, message: ClientMessage<K>) => unknown;

/** Sends the error payload for `err` to `client`; unexpected errors are logged. */
export function refuse(client: Client, err: unknown, context: { type?: string; key?: string } = {}, log?: (e: unknown) => void): void {
  if (!(err instanceof CohortError)) log?.(err);
  client.send("error", { ...toPayload(err), ...context });
}

/**
 * Binds `handlers` on `room`: each message is parsed with its zod schema first; invalid or unknown messages and
 * thrown CohortErrors become an `error` message to the sender. The room keeps running.
 */
export function bindMessages(room: Room, handlers: { [K in ClientMessageType]?: Handler<K> }, log: (e: unknown) => void): void {
  for (const type of Object.keys(handlers) as ClientMessageType[]) {
    const handler = handlers[type] as Handler<typeof type>;
    room.onMessage(type, (client: Client, raw: unknown) => {
      const parsed = clientMessages[type].safeParse(raw);
      if (!parsed.success) {
        const detail = parsed.error.issues.map((i) => `${i.path.join(".") || type}: ${i.message}`).join("; ");
        return refuse(client, new CohortError("invalid_message", `${detail}.`), { type });
      }
      try {
        const out = handler(client, parsed.data as never);
        if (out instanceof Promise) out.catch((e) => refuse(client, e, { type }, log));
      } catch (e) {
        refuse(client, e, { type }, log);
      }
    });
  }
  room.onMessage("*", (client: Client, type: string | number) => {
    refuse(client, new CohortError("unknown_message", `"${String(type).slice(0, 40)}" is not a message type of this room.`), { type: String(type) });
  });
}

/**
 * Runs an onAuth check; a refusal becomes the ServerError Colyseus sends to the joining client, with the stable code
 * and the catalogue message (as JSON) so the page can show what to do.
 */
export async function authorize<T>(check: () => Promise<T>): Promise<T> {
  try {
    return await check();
  } catch (e) {
    const err = e instanceof CohortError ? e : new CohortError("internal");
    throw new ServerError(wsCode(err.code), JSON.stringify({ code: err.code, message: err.message }));
  }
}
