import { randomUUID } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import type { WebSocket, WebSocketServer } from 'ws';
import { isObject } from './block-kit-problems.js';
import type { BotReply, DeliveryOptions } from './bot-delivery.js';
import type { WorkspaceState } from './workspace-state.js';

/** Path under which the stand-in serves Socket Mode WebSockets. */
export const SOCKET_PATH = '/socket-mode/';
/** How long the stand-in waits for an envelope's ack (Slack allows 3 s). */
export const SOCKET_ACK_TIMEOUT_MS = 3000;
/** How often the stand-in pings a connected client, well inside its 30 s server-ping timeout. */
const PING_INTERVAL_MS = 10_000;

/** The three envelope types Slack sends over Socket Mode. */
export type EnvelopeType = 'slash_commands' | 'interactive' | 'events_api';

/**
 * Slack's Socket Mode side: `apps.connections.open` hands out one-time `ws://` URLs; a client that connects gets
 * `hello`, then envelopes (`slash_commands`, `interactive`, `events_api`) whose acks (`{ envelope_id, payload }`)
 * become the replies. `ws` is loaded only when a client connects, so the rest of the stand-in works without it.
 */
export class SocketModeServer {
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, (payload: unknown) => void>();
  private wss: WebSocketServer | undefined;
  private socket: WebSocket | undefined;
  private pinger: NodeJS.Timeout | undefined;

  constructor(
    private readonly state: WorkspaceState,
    private readonly baseUrl: () => string,
  ) {}

  /** A fresh one-time WebSocket URL, as apps.connections.open returns. */
  openUrl(): string {
    const ticket = randomUUID();
    this.tickets.add(ticket);
    const ws = this.baseUrl().replace(/^http/, 'ws');
    return `${ws}${SOCKET_PATH}${ticket}?app_id=${this.state.identity.appId}`;
  }

  /** True while a Socket Mode client is connected. */
  get connected(): boolean {
    return this.socket !== undefined && this.socket.readyState === this.socket.OPEN;
  }

  /** Handles an HTTP upgrade to a ticket URL; anything else (or a reused ticket) is refused with 401. */
  async handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): Promise<void> {
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const ticket = path.startsWith(SOCKET_PATH) ? path.slice(SOCKET_PATH.length) : '';
    if (!this.tickets.delete(ticket)) {
      socket.end('HTTP/1.1 401 Unauthorized\r\nConnection: close\r\n\r\n');
      return;
    }
    if (!this.wss) {
      const { WebSocketServer: Server } = await import('ws');
      this.wss = new Server({ noServer: true });
    }
    this.wss.handleUpgrade(req, socket, head, (ws) => this.accept(ws));
  }

  /** Sends one envelope and resolves with the client's ack payload (null for an empty ack). */
  deliver(type: EnvelopeType, payload: unknown, options: DeliveryOptions = {}): Promise<BotReply> {
    const socket = this.socket;
    if (!socket || !this.connected) return Promise.reject(new Error('no Socket Mode client connected'));
    const envelopeId = randomUUID();
    const envelope = {
      envelope_id: envelopeId,
      type,
      payload,
      accepts_response_payload: type !== 'events_api',
      ...(options.retryNum !== undefined
        ? { retry_attempt: options.retryNum, retry_reason: options.retryReason ?? 'timeout' }
        : {}),
    };
    return new Promise<BotReply>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(envelopeId);
        reject(new Error(`no ack for ${type} envelope within ${SOCKET_ACK_TIMEOUT_MS} ms`));
      }, SOCKET_ACK_TIMEOUT_MS);
      this.pending.set(envelopeId, (ack) => {
        clearTimeout(timer);
        const body = isObject(ack) && Object.keys(ack).length === 0 ? null : (ack ?? null);
        resolve({ status: 200, text: body === null ? '' : JSON.stringify(body), body });
      });
      socket.send(JSON.stringify(envelope));
    });
  }

  /** Closes the connection with a close handshake (forcing it after 1 s) and the WebSocket server. */
  async close(): Promise<void> {
    clearInterval(this.pinger);
    const socket = this.socket;
    this.socket = undefined;
    if (socket && socket.readyState !== socket.CLOSED) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => {
          socket.terminate();
          resolve();
        }, 1000);
        socket.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (socket.readyState === socket.OPEN) socket.close(1001, 'stand-in stopping');
      });
    }
    this.wss?.close();
  }

  private accept(ws: WebSocket): void {
    this.socket?.close(1001, 'replaced');
    this.socket = ws;
    ws.on('message', (data) => {
      let message: unknown;
      try {
        message = JSON.parse(data.toString());
      } catch {
        return;
      }
      if (!isObject(message) || typeof message.envelope_id !== 'string') return;
      this.pending.get(message.envelope_id)?.(message.payload);
      this.pending.delete(message.envelope_id);
    });
    ws.on('close', () => {
      if (this.socket === ws) this.socket = undefined;
    });
    clearInterval(this.pinger);
    this.pinger = setInterval(() => ws.ping(), PING_INTERVAL_MS);
    this.pinger.unref();
    const hello = {
      type: 'hello',
      num_connections: 1,
      debug_info: { host: 'shipgate-stand-in', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.state.identity.appId },
    };
    ws.send(JSON.stringify(hello));
  }
}
