// What a group room is created with (by the lobby, possibly on another process: plain data only).

export interface GroupRoomOptions {
  sessionId: string;
  groupId: string;
  /** Participant ids in seat order. */
  members: string[];
  /** Rounds this room plays, when groups re-form between rounds. Default: all rounds, 1 … game.rounds. */
  firstRound?: number;
  lastRound?: number;
  /** Rolling strangers: the round each member plays in this room's one round (members may be at different rounds). */
  memberRounds?: number[];
}
