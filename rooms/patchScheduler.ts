// Patches a room's state right after a change settles instead of on a fast timer: changes made together share one patch.

/**
 * A function that schedules one `broadcastPatch()` for when the current turn of the event loop is done; calls before
 * then add nothing. GroupRoom calls it after every change to its state (see GroupRoom.FALLBACK_PATCH_MS).
 */
export function patchScheduler(room: { broadcastPatch(): unknown }): () => void {
  let queued = false;
  return () => {
    if (queued) return;
    queued = true;
    setImmediate(() => {
      queued = false;
      room.broadcastPatch();
    });
  };
}
