import type { StandInUser } from '../../../src/sandbox/pagerduty/index.js';

/** People used across the PagerDuty tests. */
export const ADA: StandInUser = { id: 'PADA001', name: 'Ada Lovelace', email: 'ada@example.com' };
export const BOB: StandInUser = { id: 'PBOB002', name: 'Bob Kahn', email: 'bob@example.com' };
export const CY: StandInUser = { id: 'PCYY003', name: 'Cy Young', email: 'cy@example.com' };

/** A 32-character alphanumeric Events API v2 routing key. */
export const ROUTING_KEY = 'R0123456789abcdef0123456789abcde';

/** The headers PagerDuty's REST API expects, with `token`. */
export function restHeaders(token: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    Accept: 'application/vnd.pagerduty+json;version=2',
    Authorization: `Token token=${token}`,
    ...overrides,
  };
}

/** GETs a stand-in REST path with plain fetch and returns status, headers and JSON body. */
export async function restGet(
  baseUrl: string,
  pathAndQuery: string,
  headers: Record<string, string>,
): Promise<{ status: number; headers: Headers; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}${pathAndQuery}`, { headers });
  return { status: res.status, headers: res.headers, body: (await res.json()) as Record<string, unknown> };
}

/** POSTs a raw body to the stand-in's Events API. */
export async function enqueue(
  baseUrl: string,
  body: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${baseUrl}/v2/enqueue`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

/** Awaits a promise expected to reject and returns the error. */
export async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}
