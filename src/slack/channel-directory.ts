import type { WebClient } from '@slack/web-api';

const CHANNEL_ID = /^[CGD][A-Z0-9]{2,}$/;

/** Whether `ref` looks like a conversation id (`C…`, `G…`, `D…`) rather than a name. */
export function isChannelId(ref: string): boolean {
  return CHANNEL_ID.test(ref);
}
/** At most this many pages of 1,000 channels are read when looking a name up. */
const MAX_PAGES = 20;

/** A channel as `conversations.list` names it. */
export interface ListedChannel {
  readonly id: string;
  readonly name: string;
  readonly creator: string | undefined;
}

/**
 * Channel ids by name from `conversations.list` (public channels and the private ones the bot is in), so messages
 * Shipgate posts to a configured `#name` can be looked for again by id (`conversations.history` takes only ids).
 * Names are cached; a name not in the cache refreshes it once.
 */
export class ChannelDirectory {
  private byName = new Map<string, ListedChannel>();

  constructor(private readonly client: WebClient) {}

  /** The id of a channel given by id or (`#`)name; undefined when the bot cannot see a channel of that name. */
  async idOf(ref: string): Promise<string | undefined> {
    if (isChannelId(ref)) return ref;
    const name = ref.replace(/^#/, '');
    const cached = this.byName.get(name);
    if (cached) return cached.id;
    this.byName = new Map((await this.list()).map((c) => [c.name, c]));
    return this.byName.get(name)?.id;
  }

  /** An unarchived channel named exactly `name` that `creator` made, asked afresh (no cache). */
  async createdBy(name: string, creator: string): Promise<ListedChannel | undefined> {
    return (await this.list()).find((c) => c.name === name && c.creator === creator);
  }

  private async list(): Promise<ListedChannel[]> {
    const found: ListedChannel[] = [];
    let cursor: string | undefined;
    for (let page = 0; page < MAX_PAGES; page++) {
      const answer = await this.client.conversations.list({
        types: 'public_channel,private_channel',
        exclude_archived: true,
        limit: 1000,
        ...(cursor ? { cursor } : {}),
      });
      for (const c of answer.channels ?? [])
        if (c.id && c.name) found.push({ id: c.id, name: c.name, creator: c.creator });
      cursor = answer.response_metadata?.next_cursor || undefined;
      if (!cursor) break;
    }
    return found;
  }
}
