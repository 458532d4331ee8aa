// The test helper that picks ports for servers: free ones only, and none that fetch refuses to reach.
import assert from "node:assert/strict";
import { createServer } from "node:net";
import { freePorts } from "../helpers/ports.js";

describe("free ports for test servers", () => {
  it("steps over the ports fetch blocks (5060 and 5061, SIP), which gave 'bad port' when a run landed there", async () => {
    const base = await freePorts(2, 5060);
    assert.ok(base >= 5062, `got ${base}`);
    const below = await freePorts(2, 5058);
    assert.ok(below === 5058 || below >= 5062, `got ${below}`);
  });

  it("steps over a port a server already holds", async () => {
    const from = await freePorts(2, 20_000 + (process.pid % 1000) * 4);
    const held = createServer();
    await new Promise<void>((resolve) => held.listen(from, "127.0.0.1", () => resolve()));
    try {
      assert.ok((await freePorts(1, from)) > from);
    } finally {
      await new Promise((resolve) => held.close(resolve));
    }
  });
});
