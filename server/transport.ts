// The websocket transport with its heartbeat spread over the ping interval instead of pinging every client at once.
import { WebSocketTransport, type TransportOptions } from "@colyseus/ws-transport";

type Pinged = { pingCount: number; ping(cb: () => void): void; terminate(): void };

const noop = () => undefined;

export interface SpreadHeartbeatOptions extends TransportOptions {
  /** How often a slice of the clients is pinged. Default 100 ms: each client still hears a ping every `pingInterval`. */
  sliceMs?: number;
}

/**
 * WebSocketTransport whose heartbeat pings 1/n of the clients every `sliceMs` (n = pingInterval / sliceMs), so the
 * work that the stock transport does in one burst every `pingInterval` (4,000 pings in one event-loop turn) is cut
 * into n small turns. Same rule otherwise: a client that missed `pingMaxRetries` pongs is terminated.
 */
export class SpreadHeartbeatTransport extends WebSocketTransport {
  private sliceMs: number;
  private slices = new WeakMap<object, number>();
  private nextSlice = 0;

  constructor(options: SpreadHeartbeatOptions = {}) {
    const { sliceMs = 100, ...rest } = options;
    super(rest);
    this.sliceMs = sliceMs;
  }

  protected autoTerminateUnresponsiveClients(pingInterval: number, pingMaxRetries: number): void {
    const sliceMs = Math.min(this.sliceMs ?? 100, pingInterval);
    const count = Math.max(1, Math.round(pingInterval / sliceMs));
    let current = 0;
    this.pingInterval = setInterval(() => {
      for (const raw of this.wss.clients) {
        const client = raw as unknown as Pinged;
        let slice = this.slices.get(client);
        if (slice === undefined) {
          slice = this.nextSlice++ % count; // round robin: each slice holds an equal share of the clients
          this.slices.set(client, slice);
        }
        if (slice !== current) continue;
        if (client.pingCount >= pingMaxRetries) {
          client.terminate();
          continue;
        }
        client.pingCount++;
        client.ping(noop);
      }
      current = (current + 1) % count;
    }, sliceMs);
  }
}
