import type { IncomingMessage } from 'node:http';
import type { Args } from './method-kit.js';

/** A parsed Web API request. */
export interface ParsedRequest {
  readonly args: Args;
  readonly bearer?: string;
  readonly isJson: boolean;
  /** Set when a JSON body could not be used: `invalid_json` or `json_not_object`. */
  readonly invalid?: 'invalid_json' | 'json_not_object';
}

/**
 * Reads a Web API request's arguments the ways Slack accepts them: query string, form-encoded body (what
 * @slack/web-api sends), JSON body (objects stay objects) or multipart form data.
 */
export async function parseArgs(req: IncomingMessage, body: Buffer): Promise<ParsedRequest> {
  const url = new URL(req.url ?? '/', 'http://stand-in');
  const args: Args = Object.fromEntries(url.searchParams);
  const type = (req.headers['content-type'] ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  const auth = req.headers.authorization;
  const bearer = auth?.startsWith('Bearer ') ? auth.slice('Bearer '.length).trim() : undefined;
  const base = bearer !== undefined ? { bearer } : {};
  if (type === 'application/json') {
    try {
      const parsed = JSON.parse(body.toString('utf8')) as unknown;
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
        return { ...base, args, isJson: true, invalid: 'json_not_object' };
      }
      return { ...base, args: { ...args, ...(parsed as Args) }, isJson: true };
    } catch {
      return { ...base, args, isJson: true, invalid: 'invalid_json' };
    }
  }
  if (type === 'multipart/form-data') {
    const form = await new Response(body, {
      headers: { 'content-type': String(req.headers['content-type']) },
    }).formData();
    for (const [key, value] of form) if (typeof value === 'string') args[key] = value;
    return { ...base, args, isJson: false };
  }
  for (const [key, value] of new URLSearchParams(body.toString('utf8'))) args[key] = value;
  return { ...base, args, isJson: false };
}
