// The service probes the store suites rely on: a reachable service is used, a missing one skips loudly or fails under CI.
import assert from "node:assert/strict";
import net from "node:net";
import { postgresOrSkip, redisOrSkip } from "../helpers/services.js";

/** A TCP server on a free port that answers every line with `reply`. */
async function fakeServer(reply: string): Promise<{ url: string; close(): Promise<void> }> {
  const server = net.createServer((socket) => socket.on("data", () => socket.write(reply)));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  return { url: `redis://127.0.0.1:${port}`, close: () => new Promise((resolve) => server.close(() => resolve())) };
}

/** A port nothing listens on. */
async function closedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

class Skipped extends Error {}
const fakeContext = () => ({ skip: () => { throw new Skipped(); } }) as unknown as Mocha.Context;

/** Runs `fn` with console.warn captured. */
async function capturingWarnings<T>(fn: () => Promise<T>): Promise<{ result: PromiseSettledResult<T>; warnings: string[] }> {
  const warnings: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => void warnings.push(args.join(" "));
  try {
    const [result] = await Promise.allSettled([fn()]);
    return { result, warnings };
  } finally {
    console.warn = original;
  }
}

describe("test service probes", () => {
  it("returns the Redis URL when the server answers PING with PONG", async () => {
    const redis = await fakeServer("+PONG\r\n");
    try {
      assert.equal(await redisOrSkip(fakeContext(), { url: redis.url, env: {} }), redis.url);
    } finally {
      await redis.close();
    }
  });

  it("skips with a visible warning when Redis refuses the PING", async () => {
    const redis = await fakeServer("-NOAUTH Authentication required.\r\n");
    try {
      const { result, warnings } = await capturingWarnings(() => redisOrSkip(fakeContext(), { url: redis.url, env: {} }));
      assert.equal(result.status, "rejected");
      assert.ok(result.status === "rejected" && result.reason instanceof Skipped, "the suite is skipped");
      assert.equal(warnings.length, 1);
      assert.match(warnings[0], /Redis .* not reachable .*NOAUTH.*SKIPPED/);
    } finally {
      await redis.close();
    }
  });

  it("skips PostgreSQL with a warning naming it when nothing listens", async () => {
    const url = `postgres://postgres@127.0.0.1:${await closedPort()}/test`;
    const { result, warnings } = await capturingWarnings(() => postgresOrSkip(fakeContext(), { url, env: {} }));
    assert.ok(result.status === "rejected" && result.reason instanceof Skipped);
    assert.match(warnings.join("\n"), /PostgreSQL at .* was not reachable .*SKIPPED/);
  });

  it("fails instead of skipping when CI=true", async () => {
    const port = await closedPort();
    for (const probe of [
      () => postgresOrSkip(fakeContext(), { url: `postgres://u:secret@127.0.0.1:${port}/test`, env: { CI: "true" } }),
      () => redisOrSkip(fakeContext(), { url: `redis://127.0.0.1:${port}`, env: { CI: "true" } }),
    ]) {
      await assert.rejects(probe, (e: Error) => !(e instanceof Skipped) && /not reachable .*CI=true/.test(e.message) && !/secret/.test(e.message));
    }
  });
});
