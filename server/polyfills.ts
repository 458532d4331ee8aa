// Node 20 has no global WebSocket; Colyseus 0.18 (core reconnection, SDK) expects one. Must load before Colyseus.
import { WebSocket } from "ws";

if (typeof globalThis.WebSocket === "undefined") {
  (globalThis as { WebSocket?: unknown }).WebSocket = WebSocket;
}
