// Free TCP ports on 127.0.0.1 for tests that start servers: found by binding, so a service already there is skipped.
import { createServer } from "node:net";

/**
 * Ports above 1023 that fetch refuses to connect to ("bad port", the Fetch standard's port blocking list): a server
 * there could not be reached by the tests' fetch calls, so they count as taken.
 */
const FETCH_BLOCKED = new Set([1719, 1720, 1723, 2049, 3659, 4045, 4190, 5060, 5061, 6000, 6566, 6665, 6666, 6667, 6668, 6669, 6679, 6697, 10080]);

function isFree(port: number): Promise<boolean> {
  if (FETCH_BLOCKED.has(port)) return Promise.resolve(false);
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once("error", () => resolve(false));
    probe.listen(port, "127.0.0.1", () => probe.close(() => resolve(true)));
  });
}

/**
 * The first of `count` consecutive free ports at or above `from` (start from a pid-derived port so parallel runs
 * keep apart). Services on this machine (epmd on 4369, NATS on 4222, …) and ports fetch blocks (5060, …) are
 * stepped over instead of colliding.
 */
export async function freePorts(count: number, from: number): Promise<number> {
  for (let base = from; base + count <= 65_535; base += count) {
    let all = true;
    for (let i = 0; i < count && all; i++) all = await isFree(base + i);
    if (all) return base;
  }
  throw new Error(`no ${count} consecutive free ports from ${from}`);
}
