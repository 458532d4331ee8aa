// Synchronised state of a session's lobby: field lists only.
import { Schema, type } from "@colyseus/schema";

export class LobbyState extends Schema {
  @type("uint16") waiting = 0;
  @type("uint8") groupSize = 0;
  /** Participants still needed to complete the next group. */
  @type("uint8") needed = 0;
  @type("uint32") maxWaitSeconds = 0;
}
