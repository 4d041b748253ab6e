import { isObject } from './block-kit-problems.js';
import {
  buildStateValues,
  findAction,
  interactiveElements,
  selectionFor,
  type ViewInput,
} from './block-search.js';
import type { BotClient, DeliveryOptions } from './bot-client.js';
import {
  blockActionsPayload,
  commandFields,
  messageActionPayload,
  viewClosedPayload,
  viewSubmissionPayload,
} from './interaction-payloads.js';
import { isContent, readMessageContent } from './message-content.js';
import type { ResponsePost, ResponseUrls } from './response-urls.js';
import { renderView } from './slack-objects.js';
import { applyViewAck } from './view-ack.js';
import { defaultChannelFor, requireChannel, requireUser, visibleMessage } from './workspace-lookup.js';
import type { WorkspaceState } from './workspace-state.js';
import type { JsonObject, StoredView } from './workspace-types.js';

/** What an interaction returned: the bot's HTTP answer, and the response_url with everything posted to it. */
export interface InteractionResult {
  readonly status: number;
  /** The ack body: parsed JSON, text, or null when empty. */
  readonly ack: unknown;
  readonly responseUrl: string;
  readonly triggerId: string;
  /** Live list: grows as the bot posts to `responseUrl`. */
  readonly responses: readonly ResponsePost[];
}

/** A slash command to send. `user` and `channel` take ids or names; `channel` defaults to the user's first channel. */
export interface CommandInput extends DeliveryOptions {
  readonly user: string;
  readonly command: string;
  readonly text?: string;
  readonly channel?: string;
}

/**
 * A click on an element of a message the bot posted. `value` picks an option of a select (or several, for
 * multi-selects and checkboxes); on a button it replaces the posted value, to simulate a forged payload.
 */
export interface ClickInput extends DeliveryOptions {
  readonly user: string;
  readonly channel: string;
  readonly ts: string;
  readonly actionId: string;
  readonly value?: string | string[];
  /** Picks the element in this block when several share the action id. */
  readonly blockId?: string;
}

/** A message shortcut run on a message. */
export interface ShortcutInput extends DeliveryOptions {
  readonly user: string;
  readonly channel: string;
  readonly ts: string;
  readonly callbackId: string;
}

/** A modal submission: the user's input keyed by block_id, then action_id. */
export interface SubmitViewInput extends DeliveryOptions {
  readonly user: string;
  readonly viewId: string;
  readonly values?: ViewInput;
}

/** A user cancelling (closing) an open modal; `clear` closes its whole stack, as the × of a pushed view does. */
export interface CloseViewInput extends DeliveryOptions {
  readonly user: string;
  readonly viewId: string;
  readonly clear?: boolean;
}

/** What a view submission returned, and the view afterwards (undefined once closed). */
export interface ViewSubmissionResult {
  readonly status: number;
  readonly ack: unknown;
  readonly view: StoredView | undefined;
}

const ACK_ERRORS: ReadonlySet<string> = new Set(['invalid_blocks', 'invalid_blocks_format', 'no_text']);

/**
 * Slack's interactivity towards the bot: builds real payloads (commands, block_actions from the blocks the bot
 * posted, view_submission from the stored view, message shortcuts) and sends them to the bot, signed.
 */
export class BotInteractions {
  constructor(
    private readonly state: WorkspaceState,
    private readonly bot: BotClient,
    private readonly responses: ResponseUrls,
  ) {}

  /** Sends a slash command; an ack body with text/blocks is shown like Slack shows it (ephemeral by default). */
  async command(input: CommandInput): Promise<InteractionResult> {
    const user = requireUser(this.state, input.user);
    const channel = input.channel
      ? requireChannel(this.state, input.channel)
      : defaultChannelFor(this.state, user);
    if (!input.command.startsWith('/')) throw new Error(`a slash command starts with "/": ${input.command}`);
    const target = this.responses.issue(user.id, channel.id);
    const triggerId = this.state.issueTrigger(user.id);
    const fields = commandFields(this.state, {
      user,
      channel,
      command: input.command,
      text: input.text ?? '',
      responseUrl: target.url,
      triggerId,
    });
    const reply = await this.bot.postForm(fields, input);
    const ack = typeof reply.body === 'string' ? { text: reply.body } : reply.body;
    if (reply.status === 200 && isObject(ack)) {
      const read = readMessageContent(ack, ACK_ERRORS, true);
      if (isContent(read)) {
        const message = this.responses.storeBotMessage(
          target,
          read.content,
          ack.response_type !== 'in_channel',
          'ack',
        );
        target.original = { channel: message.channel, ts: message.ts };
      }
    }
    return {
      status: reply.status,
      ack: reply.body,
      responseUrl: target.url,
      triggerId,
      responses: target.posts,
    };
  }

  /** Clicks an element (button, select...) of a message the bot posted; throws when the element is not there. */
  async clickButton(input: ClickInput): Promise<InteractionResult> {
    const user = requireUser(this.state, input.user);
    const channel = requireChannel(this.state, input.channel);
    const message = visibleMessage(this.state, user, channel, input.ts);
    const found = findAction(message.blocks, input.actionId, input.blockId);
    if (!found) {
      const ids = interactiveElements(message.blocks).map((f) => String(f.element.action_id));
      throw new Error(
        `message ${input.ts} has no element ${input.actionId} (it has: ${ids.join(', ') || 'none'})`,
      );
    }
    const { element, blockId } = found;
    const action: JsonObject = {
      type: element.type,
      action_id: element.action_id,
      block_id: blockId,
      action_ts: this.state.nextTs(),
    };
    if (element.type === 'button') {
      Object.assign(action, { text: element.text }, element.style ? { style: element.style } : {});
      const value = typeof input.value === 'string' ? input.value : element.value;
      if (value !== undefined) action.value = value;
    } else {
      Object.assign(action, selectionFor(element, input.value));
    }
    return this.interact(user.id, channel.id, message.ts, input, (responseUrl, triggerId) =>
      blockActionsPayload(this.state, { user, channel, message, action, responseUrl, triggerId }),
    );
  }

  /** Runs a message shortcut (`message_action`) on a message. */
  async messageShortcut(input: ShortcutInput): Promise<InteractionResult> {
    const user = requireUser(this.state, input.user);
    const channel = requireChannel(this.state, input.channel);
    const message = visibleMessage(this.state, user, channel, input.ts);
    return this.interact(user.id, channel.id, message.ts, input, (responseUrl, triggerId) =>
      messageActionPayload(this.state, {
        user,
        channel,
        message,
        callbackId: input.callbackId,
        responseUrl,
        triggerId,
      }),
    );
  }

  /**
   * What every gesture on a message shares: a response_url and a trigger id for the user, the signed payload sent
   * to the bot, and the result with everything later posted to that response_url.
   */
  private async interact(
    userId: string,
    channelId: string,
    ts: string,
    delivery: DeliveryOptions,
    build: (responseUrl: string, triggerId: string) => JsonObject,
  ): Promise<InteractionResult> {
    const target = this.responses.issue(userId, channelId, { channel: channelId, ts });
    const triggerId = this.state.issueTrigger(userId);
    const reply = await this.bot.postPayload(build(target.url, triggerId), delivery);
    return {
      status: reply.status,
      ack: reply.body,
      responseUrl: target.url,
      triggerId,
      responses: target.posts,
    };
  }

  /** Submits an open modal with the user's input; applies the ack's response_action like Slack. */
  async submitView(input: SubmitViewInput): Promise<ViewSubmissionResult> {
    const user = requireUser(this.state, input.user);
    const view = this.state.views.get(input.viewId);
    if (!view?.open) throw new Error(`no open view ${input.viewId}`);
    if (view.userId !== user.id)
      throw new Error(`view ${view.id} is open for ${view.userId}, not ${user.id}`);
    const values = buildStateValues(view.body.blocks, input.values ?? {});
    const triggerId = this.state.issueTrigger(user.id);
    const payload = viewSubmissionPayload(this.state, {
      user,
      view: renderView(this.state, view, values),
      triggerId,
    });
    const reply = await this.bot.postPayload(payload, input);
    const after = reply.status === 200 ? applyViewAck(this.state, view, reply.body) : view;
    return { status: reply.status, ack: reply.body, view: after };
  }

  /**
   * Closes an open modal as the user's Cancel does: the view (or, with `clear`, its whole stack) closes and, when
   * the bot asked for it with `notify_on_close`, a signed `view_closed` goes to the bot. Returns the view the user
   * sees afterwards (the previous one of the stack, if open) and the bot's status (null when nothing was sent).
   */
  async closeView(input: CloseViewInput): Promise<{ status: number | null; view: StoredView | undefined }> {
    const user = requireUser(this.state, input.user);
    const view = this.state.views.get(input.viewId);
    if (!view?.open) throw new Error(`no open view ${input.viewId}`);
    if (view.userId !== user.id)
      throw new Error(`view ${view.id} is open for ${view.userId}, not ${user.id}`);
    const closing = input.clear
      ? [...this.state.views.values()].filter((v) => v.rootViewId === view.rootViewId && v.open)
      : [view];
    for (const v of closing) v.open = false;
    const previous =
      input.clear || !view.previousViewId ? undefined : this.state.views.get(view.previousViewId);
    const after = previous?.open ? previous : undefined;
    if (view.body.notify_on_close !== true) return { status: null, view: after };
    const payload = viewClosedPayload(this.state, {
      user,
      view: renderView(this.state, view),
      isCleared: input.clear === true,
    });
    const reply = await this.bot.postPayload(payload, input);
    return { status: reply.status, view: after };
  }
}
