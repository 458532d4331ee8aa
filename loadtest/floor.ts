// The floor: a minimal raw `ws` server doing the same group fan-out as Cohort's live moves, nothing else.
// Clients connect to /?g=<group>&s=<seat>, send {"value":n}; the server relays {"seat":s,"value":n} to the others.
// Forked by the groups benchmark (one JSON argument, IPC probe); not a product.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { WebSocketServer, type WebSocket } from "ws";
import { installProbe } from "./lib/probe.js";

function main() {
  const server = http.createServer((_req, res) => res.writeHead(404).end());
  const wss = new WebSocketServer({ server, maxPayload: 4096, perMessageDeflate: false });
  const groups = new Map<number, Array<WebSocket | undefined>>();

  wss.on("connection", (ws, req) => {
    const url = new URL(req.url ?? "/", "ws://floor");
    const g = Number(url.searchParams.get("g"));
    const s = Number(url.searchParams.get("s"));
    if (!Number.isInteger(g) || !Number.isInteger(s) || s < 0 || s > 64) return ws.close(4400, "bad group or seat");
    const members = groups.get(g) ?? [];
    groups.set(g, members);
    members[s] = ws;
    ws.on("message", (data) => {
      let value: unknown;
      try {
        value = (JSON.parse(String(data)) as { value?: unknown }).value;
      } catch {
        return;
      }
      if (!Number.isInteger(value)) return;
      const out = JSON.stringify({ seat: s, value });
      for (const m of members) if (m && m !== ws && m.readyState === 1) m.send(out);
    });
    ws.on("close", () => {
      if (members[s] === ws) members[s] = undefined;
    });
  });

  const probe = installProbe({}, async () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    await new Promise<void>((r) => server.close(() => r()));
  });
  server.listen(0, "127.0.0.1", () => probe.ready({ port: (server.address() as AddressInfo).port, pid: process.pid }));
}

main();
