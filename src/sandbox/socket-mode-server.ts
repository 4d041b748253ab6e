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

/** How many Socket Mode connections one app may hold at once, as Slack allows. */
export const MAX_SOCKET_CONNECTIONS = 10;

/**
 * Slack's Socket Mode side: `apps.connections.open` hands out one-time `ws://` URLs; a client that connects gets
 * `hello`, then envelopes (`slash_commands`, `interactive`, `events_api`) whose acks (`{ envelope_id, payload }`)
 * become the replies. As Slack does, an app may hold up to {@link MAX_SOCKET_CONNECTIONS} connections at once
 * (several replicas, or one client reconnecting) and envelopes are spread over the open ones in turn; a connection
 * past the limit is closed at once. `ws` is loaded only when a client connects, so the rest of the stand-in works
 * without it.
 */
export class SocketModeServer {
  private readonly tickets = new Set<string>();
  private readonly pending = new Map<string, (payload: unknown) => void>();
  private wss: WebSocketServer | undefined;
  private sockets: WebSocket[] = [];
  private readonly pingers = new Map<WebSocket, NodeJS.Timeout>();
  private turn = 0;

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
    return this.open().length > 0;
  }

  /** How many Socket Mode connections are open. */
  get connections(): number {
    return this.open().length;
  }

  private open(): WebSocket[] {
    return this.sockets.filter((socket) => socket.readyState === socket.OPEN);
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
    const open = this.open();
    const socket = open[this.turn++ % Math.max(1, open.length)];
    if (!socket) return Promise.reject(new Error('no Socket Mode client connected'));
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
    for (const pinger of this.pingers.values()) clearInterval(pinger);
    this.pingers.clear();
    const sockets = this.sockets;
    this.sockets = [];
    await Promise.all(
      sockets
        .filter((socket) => socket.readyState !== socket.CLOSED)
        .map(
          (socket) =>
            new Promise<void>((resolve) => {
              const force = setTimeout(() => {
                socket.terminate();
                resolve();
              }, 1000);
              socket.once('close', () => {
                clearTimeout(force);
                resolve();
              });
              if (socket.readyState === socket.OPEN) socket.close(1001, 'stand-in stopping');
            }),
        ),
    );
    this.wss?.close();
  }

  private accept(ws: WebSocket): void {
    if (this.open().length >= MAX_SOCKET_CONNECTIONS) {
      ws.close(1008, 'too many websockets');
      return;
    }
    this.sockets.push(ws);
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
      this.sockets = this.sockets.filter((socket) => socket !== ws);
      clearInterval(this.pingers.get(ws));
      this.pingers.delete(ws);
    });
    const pinger = setInterval(() => ws.ping(), PING_INTERVAL_MS);
    pinger.unref();
    this.pingers.set(ws, pinger);
    const hello = {
      type: 'hello',
      num_connections: this.open().length,
      debug_info: { host: 'shipgate-stand-in', build_number: 1, approximate_connection_time: 18060 },
      connection_info: { app_id: this.state.identity.appId },
    };
    ws.send(JSON.stringify(hello));
  }
}
