import { once } from 'node:events';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { SlackStandIn } from '../../../src/sandbox/slack-stand-in.js';
import { MAX_SOCKET_CONNECTIONS } from '../../../src/sandbox/socket-mode-server.js';

/** Opens one Socket Mode connection as a client does: apps.connections.open, then the one-time URL. */
async function connect(standIn: SlackStandIn): Promise<{ ws: WebSocket; first: unknown }> {
  const opened = (await (
    await fetch(`${standIn.apiUrl}apps.connections.open`, {
      method: 'POST',
      headers: { authorization: 'Bearer xapp-sandbox' },
    })
  ).json()) as { url: string };
  const ws = new WebSocket(opened.url);
  const [event, data] = await Promise.race([
    once(ws, 'message').then(([message]) => ['message', JSON.parse(String(message))] as const),
    once(ws, 'close').then(([code]) => ['close', code] as const),
  ]);
  return { ws, first: event === 'message' ? data : { closed: data } };
}

describe("the stand-in's Socket Mode connections", () => {
  let standIn: SlackStandIn;
  const sockets: WebSocket[] = [];
  beforeAll(async () => {
    standIn = await SlackStandIn.start({ seed: true });
  });
  afterAll(async () => {
    for (const ws of sockets) ws.terminate();
    await standIn.stop();
  });

  it(`takes up to ${MAX_SOCKET_CONNECTIONS} at once, counting them in hello, and closes one more`, async () => {
    for (let n = 1; n <= MAX_SOCKET_CONNECTIONS; n++) {
      const { ws, first } = await connect(standIn);
      sockets.push(ws);
      expect(first).toMatchObject({ type: 'hello', num_connections: n });
    }
    expect(standIn.socketConnections).toBe(MAX_SOCKET_CONNECTIONS);
    const extra = await connect(standIn);
    sockets.push(extra.ws);
    expect(extra.first).toEqual({ closed: 1008 });
    expect(standIn.socketConnections).toBe(MAX_SOCKET_CONNECTIONS);
  });
});
