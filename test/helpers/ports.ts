// Free TCP ports on 127.0.0.1 for tests that start servers: found by binding, so a service already there is skipped.
import { createServer } from "node:net";

function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free ports at or above `from` (start from a pid-derived port so parallel runs
 * keep apart). Services on this machine (epmd on 4369, NATS on 4222, …) are stepped over instead of colliding.
 */
export async function freePorts(count: number, from: number): Promise<number> {
  for (let base = from; base + count <= 65_535; base += count) {
    let all = true;
    for (let i = 0; i < count && all; i++) all = await isFree(base + i);
    if (all) return base;
  }
  throw new Error(`no ${count} consecutive free ports from ${from}`);
}
