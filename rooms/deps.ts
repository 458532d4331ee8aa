// What rooms need from the process: the store, its event writer, a logger and a clock. Injected by server/app.ts.
import type { Logger } from "pino";
import type { EventWriter } from "../server/store/eventWriter.js";
import type { Store } from "../server/store/port.js";

export interface RoomDeps {
  store: Store;
  /** The process's writer for live moves and deadline locks (one write for all rooms; see EventWriter). */
  events: EventWriter;
  log: Logger;
  /** Wall clock in epoch ms; tests may substitute. */
  now: () => number;
}

type RoomClass = abstract new (...args: any[]) => { deps: RoomDeps };

/** A concrete subclass of the abstract room `Base` bound to `deps`, ready for defineRoom. */
export function withDeps<T extends RoomClass>(Base: T, deps: RoomDeps): new (...args: ConstructorParameters<T>) => InstanceType<T> {
  const Concrete = Base as unknown as new (...args: any[]) => { deps: RoomDeps };
  class Bound extends Concrete {
    deps = deps;
  }
  return Bound as unknown as new (...args: ConstructorParameters<T>) => InstanceType<T>;
}

/**
 * Runs async sections one after another, so state transitions never interleave. `run` returns the section's own
 * result (or rejection) to its caller; `background` logs a rejection instead, for timers. `afterEach`, if given,
 * runs when each section settles (GroupRoom sends its state patch there).
 */
export function serialQueue(onError: (e: unknown) => void, afterEach?: () => void) {
  let tail: Promise<unknown> = Promise.resolve();
  const run = <T>(fn: () => Promise<T> | T): Promise<T> => {
    const next = tail.then(fn);
    tail = next.catch(() => undefined);
    if (afterEach) void tail.then(afterEach);
    return next;
  };
  const background = (fn: () => Promise<unknown> | unknown): void => {
    run(fn).catch(onError);
  };
  return { run, background };
}
