import type { BotClient, BotReply, DeliveryOptions } from './bot-client.js';
import { eventEnvelope } from './interaction-payloads.js';
import { requireChannel, requireUser, visibleMessage } from './workspace-lookup.js';
import type { WorkspaceState } from './workspace-state.js';
import type { JsonObject } from './workspace-types.js';

/** A person reacting to a message. */
export interface ReactionInput extends DeliveryOptions {
  readonly user: string;
  readonly channel: string;
  readonly ts: string;
  readonly name: string;
}

/** A person posting a message that mentions the bot. */
export interface MentionInput extends DeliveryOptions {
  readonly user: string;
  readonly channel: string;
  readonly text: string;
  readonly threadTs?: string;
}

/** Events API deliveries: things people do in the workspace, stored and then sent to the bot as events. */
export class EventDeliveries {
  constructor(
    private readonly state: WorkspaceState,
    private readonly bot: BotClient,
  ) {}

  /** Sends an Events API event wrapped in an `event_callback` envelope (event_id, event_time, authorizations). */
  sendEvent(event: JsonObject, options: DeliveryOptions & { eventId?: string } = {}): Promise<BotReply> {
    return this.bot.postJson(eventEnvelope(this.state, event, options.eventId), options);
  }

  /** Stores the reaction on the message, then sends `reaction_added`; throws if the user already reacted so. */
  addReaction(input: ReactionInput): Promise<BotReply> {
    const user = requireUser(this.state, input.user);
    const channel = requireChannel(this.state, input.channel);
    const message = visibleMessage(this.state, user, channel, input.ts);
    const reaction = message.reactions.find((r) => r.name === input.name);
    if (reaction?.users.includes(user.id)) throw new Error(`${user.id} already reacted :${input.name}:`);
    if (reaction) reaction.users.push(user.id);
    else message.reactions.push({ name: input.name, users: [user.id] });
    const event: JsonObject = {
      type: 'reaction_added',
      user: user.id,
      reaction: input.name,
      ...(message.user ? { item_user: message.user } : {}),
      item: { type: 'message', channel: channel.id, ts: message.ts },
    };
    return this.sendEvent(event, input);
  }

  /** Stores the user's message (prefixed with the bot's mention if missing), then sends `app_mention`. */
  async mention(input: MentionInput): Promise<{ ts: string; reply: BotReply }> {
    const user = requireUser(this.state, input.user);
    const channel = requireChannel(this.state, input.channel);
    const tag = `<@${this.state.identity.botUserId}>`;
    const text = input.text.includes(tag) ? input.text : `${tag} ${input.text}`;
    const thread = input.threadTs ? { threadTs: input.threadTs } : {};
    const message = this.state.storeMessage({
      channel: channel.id,
      ts: this.state.nextTs(),
      user: user.id,
      text,
      reactions: [],
      via: 'user',
      ...thread,
    });
    const event: JsonObject = {
      type: 'app_mention',
      user: user.id,
      text,
      ts: message.ts,
      channel: channel.id,
      ...(input.threadTs ? { thread_ts: input.threadTs } : {}),
    };
    return { ts: message.ts, reply: await this.sendEvent(event, input) };
  }
}
