// Synchronised state of a group: field lists only.
import { ArraySchema, Schema, type, view } from "@colyseus/schema";

export class Player extends Schema {
  @type("uint8") seat = 0;
  @type("string") label = "";
  @type("boolean") connected = false;
  /** human: the participant plays; bot: a bot took the seat after a dropout; closed: the group continues without it. */
  @type("string") control = "human";
  /** The live (not yet locked) contribution; others see it move when the game is live. */
  @type("uint16") current = 0;
  @type("boolean") locked = false;
  /** Locked by the deadline rather than by the participant. */
  @type("boolean") timedOut = false;
  /** Asked to continue from the results. */
  @type("boolean") ready = false;
  /** Contribution and payoff of the last settled round (-1 before the first). */
  @type("int32") contribution = -1;
  @type("float64") payoff = 0;
  /** Rolling strangers: the round this member plays here (members may come from different rounds); 0 otherwise. */
  @type("uint16") round = 0;
  /** Points earned so far: only the participant themself sees this. */
  @view() @type("float64") earnings = 0;
}

export class GroupState extends Schema {
  /** starting | decision | results | finished */
  @type("string") stage = "starting";
  @type("uint16") round = 0;
  @type("uint16") rounds = 0;
  /** Epoch ms when the current stage ends (0 when none). */
  @type("float64") deadline = 0;
  @type("uint16") endowment = 0;
  @type("float64") multiplier = 0;
  @type("boolean") live = true;
  /** Group total and each member's share of the last settled round. */
  @type("uint32") total = 0;
  @type("float64") share = 0;
  @type([Player]) players = new ArraySchema<Player>();
}
