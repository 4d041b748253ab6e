import type { IncomingMessage, ServerResponse } from 'node:http';
import { isObject } from './block-kit-problems.js';
import { readBody, sendJson } from './http-io.js';
import { isContent, type MessageContent, readMessageContent } from './message-content.js';
import type { WorkspaceState } from './workspace-state.js';
import type { JsonObject, StoredMessage } from './workspace-types.js';

/** Slack lets an app use one response_url this many times... */
export const RESPONSE_URL_MAX_USES = 5;
/** ...within this long after it was issued. */
export const RESPONSE_URL_TTL_MS = 30 * 60 * 1000;
/** Errors Slack's response_url answers with (chat.postMessage's content errors). */
const CONTENT_ERRORS: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format', 'no_text']);

/** One POST the bot made to a response_url, and how the stand-in answered it. */
export interface ResponsePost {
  readonly body: JsonObject;
  readonly status: number;
  readonly error?: string;
  readonly at: Date;
}

/** A response_url: who and where it answers, the message it came from, and everything posted to it. */
export interface ResponseUrlTarget {
  readonly id: string;
  readonly url: string;
  readonly user: string;
  readonly channel: string;
  /** The message an interaction came from (block_actions, message_action) or the last one this URL posted. */
  original?: { channel: string; ts: string } | undefined;
  readonly issuedAtMs: number;
  readonly posts: ResponsePost[];
}

/**
 * Issues response_urls (`/respond/<id>` on the stand-in) and applies what the bot posts to them the way Slack
 * does: ephemeral by default (visible to the user only), `response_type: 'in_channel'` as a channel message,
 * `replace_original` / `delete_original` on the message the interaction came from. Each URL works 5 times in 30 min.
 */
export class ResponseUrls {
  private readonly targets = new Map<string, ResponseUrlTarget>();

  constructor(
    private readonly state: WorkspaceState,
    private readonly baseUrl: () => string,
    private readonly onPost: (target: ResponseUrlTarget, post: ResponsePost) => void,
  ) {}

  /** Issues a new response_url for an interaction by `user` in `channel`. */
  issue(user: string, channel: string, original?: { channel: string; ts: string }): ResponseUrlTarget {
    const id = `${this.state.identity.teamId}/${this.state.nextId('')}/${Math.random().toString(36).slice(2, 14)}`;
    const target: ResponseUrlTarget = {
      id,
      url: `${this.baseUrl()}/respond/${id}`,
      user,
      channel,
      issuedAtMs: this.state.clock.now().getTime(),
      posts: [],
      ...(original ? { original } : {}),
    };
    this.targets.set(id, target);
    return target;
  }

  /** The target behind a URL or id. */
  get(urlOrId: string): ResponseUrlTarget | undefined {
    return this.targets.get(urlOrId.replace(/^.*\/respond\//, ''));
  }

  /** Stores a message as the bot, e.g. for an ack body or a response_url post. */
  storeBotMessage(
    target: ResponseUrlTarget,
    content: MessageContent,
    ephemeral: boolean,
    via: StoredMessage['via'],
    threadTs?: string,
  ) {
    const { state } = this;
    const message = state.storeMessage({
      channel: target.channel,
      ts: state.nextTs(),
      user: state.identity.botUserId,
      botId: state.identity.botId,
      appId: state.identity.appId,
      ...content,
      text: content.text ?? '',
      reactions: [],
      via,
      ...(ephemeral ? { ephemeralFor: target.user } : {}),
      ...(threadTs ? { threadTs } : {}),
    });
    return message;
  }

  /** Handles `POST /respond/<id>`. */
  async handle(id: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const target = this.targets.get(id);
    const raw = (await readBody(req)).toString('utf8');
    let body: JsonObject = {};
    try {
      const parsed = JSON.parse(
        raw.startsWith('payload=') ? (new URLSearchParams(raw).get('payload') ?? '') : raw,
      );
      if (isObject(parsed)) body = parsed;
    } catch {
      return sendJson(res, 400, { ok: false, error: 'invalid_payload' });
    }
    if (!target) return sendJson(res, 404, { ok: false, error: 'invalid_url' });
    const answer = (status: number, error?: string) => {
      const post: ResponsePost = { body, status, at: new Date(), ...(error ? { error } : {}) };
      target.posts.push(post);
      this.onPost(target, post);
      sendJson(res, status, error ? { ok: false, error } : { ok: true });
    };
    if (this.state.clock.now().getTime() - target.issuedAtMs > RESPONSE_URL_TTL_MS)
      return answer(404, 'expired_url');
    if (target.posts.filter((p) => p.status === 200).length >= RESPONSE_URL_MAX_USES)
      return answer(404, 'used_url');
    const error = this.apply(target, body);
    answer(error ? 400 : 200, error);
  }

  private apply(target: ResponseUrlTarget, body: JsonObject): string | undefined {
    const original = target.original;
    if (body.delete_original === true || body.delete_original === 'true') {
      if (original) this.state.deleteMessage(original.channel, original.ts);
      target.original = undefined;
      return undefined;
    }
    const read = readMessageContent(body, CONTENT_ERRORS, true);
    if (!isContent(read)) return read.error ?? 'invalid_arguments';
    const replace = body.replace_original === true || body.replace_original === 'true';
    const existing = replace && original ? this.state.message(original.channel, original.ts) : undefined;
    if (existing) {
      const { text, blocks, attachments } = read.content;
      existing.text = text ?? '';
      if (blocks) existing.blocks = blocks;
      else delete existing.blocks;
      if (attachments) existing.attachments = attachments;
      else delete existing.attachments;
      return undefined;
    }
    const ephemeral = body.response_type !== 'in_channel';
    const threadTs = typeof body.thread_ts === 'string' ? body.thread_ts : undefined;
    const message = this.storeBotMessage(target, read.content, ephemeral, 'response_url', threadTs);
    target.original = { channel: message.channel, ts: message.ts };
    return undefined;
  }
}
