import { renderMessage } from './slack-objects.js';
import type { WorkspaceState } from './workspace-state.js';
import type { JsonObject, SandboxChannel, SandboxUser, StoredMessage } from './workspace-types.js';

/** `{ id, domain }` of the workspace, as payloads carry it. */
function team(state: WorkspaceState): JsonObject {
  return { id: state.identity.teamId, domain: state.identity.teamDomain };
}

/** The `user` object of interactivity payloads. */
function payloadUser(state: WorkspaceState, user: SandboxUser): JsonObject {
  return { id: user.id, username: user.name, name: user.name, team_id: state.identity.teamId };
}

/** The `channel_name` Slack sends: the name, or `directmessage` in a DM. */
function channelName(channel: SandboxChannel): string {
  return channel.isIm ? 'directmessage' : channel.name;
}

/** A slash command's form fields, exactly the set Slack sends. */
export function commandFields(
  state: WorkspaceState,
  input: {
    user: SandboxUser;
    channel: SandboxChannel;
    command: string;
    text: string;
    responseUrl: string;
    triggerId: string;
  },
): Record<string, string> {
  const { identity } = state;
  return {
    token: identity.verificationToken,
    team_id: identity.teamId,
    team_domain: identity.teamDomain,
    channel_id: input.channel.id,
    channel_name: channelName(input.channel),
    user_id: input.user.id,
    user_name: input.user.name,
    command: input.command,
    text: input.text,
    api_app_id: identity.appId,
    is_enterprise_install: 'false',
    response_url: input.responseUrl,
    trigger_id: input.triggerId,
  };
}

/** A `block_actions` payload for one action on a stored message. */
export function blockActionsPayload(
  state: WorkspaceState,
  input: {
    user: SandboxUser;
    channel: SandboxChannel;
    message: StoredMessage;
    action: JsonObject;
    responseUrl: string;
    triggerId: string;
  },
): JsonObject {
  const { message } = input;
  const ephemeral = message.ephemeralFor !== undefined;
  return {
    type: 'block_actions',
    user: payloadUser(state, input.user),
    api_app_id: state.identity.appId,
    token: state.identity.verificationToken,
    container: {
      type: 'message',
      message_ts: message.ts,
      channel_id: input.channel.id,
      is_ephemeral: ephemeral,
    },
    trigger_id: input.triggerId,
    team: team(state),
    enterprise: null,
    is_enterprise_install: false,
    channel: { id: input.channel.id, name: channelName(input.channel) },
    ...(ephemeral ? {} : { message: renderMessage(state, message) }),
    state: { values: {} },
    response_url: input.responseUrl,
    actions: [input.action],
  };
}

/** A `message_action` (message shortcut) payload. */
export function messageActionPayload(
  state: WorkspaceState,
  input: {
    user: SandboxUser;
    channel: SandboxChannel;
    message: StoredMessage;
    callbackId: string;
    responseUrl: string;
    triggerId: string;
  },
): JsonObject {
  return {
    type: 'message_action',
    token: state.identity.verificationToken,
    action_ts: state.nextTs(),
    team: team(state),
    user: payloadUser(state, input.user),
    channel: { id: input.channel.id, name: channelName(input.channel) },
    is_enterprise_install: false,
    enterprise: null,
    callback_id: input.callbackId,
    trigger_id: input.triggerId,
    response_url: input.responseUrl,
    message_ts: input.message.ts,
    message: renderMessage(state, input.message),
  };
}

/** A `view_submission` payload for a stored view with the given state values. */
export function viewSubmissionPayload(
  state: WorkspaceState,
  input: { user: SandboxUser; view: JsonObject; triggerId: string },
): JsonObject {
  return {
    type: 'view_submission',
    team: team(state),
    user: payloadUser(state, input.user),
    api_app_id: state.identity.appId,
    token: state.identity.verificationToken,
    trigger_id: input.triggerId,
    view: input.view,
    response_urls: [],
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** A `view_closed` payload: the user cancelled a view the bot opened with `notify_on_close`. */
export function viewClosedPayload(
  state: WorkspaceState,
  input: { user: SandboxUser; view: JsonObject; isCleared: boolean },
): JsonObject {
  return {
    type: 'view_closed',
    team: team(state),
    user: payloadUser(state, input.user),
    api_app_id: state.identity.appId,
    token: state.identity.verificationToken,
    view: input.view,
    is_cleared: input.isCleared,
    is_enterprise_install: false,
    enterprise: null,
  };
}

/** An Events API `event_callback` envelope around `event`. */
export function eventEnvelope(state: WorkspaceState, event: JsonObject, eventId?: string): JsonObject {
  const { identity } = state;
  return {
    token: identity.verificationToken,
    team_id: identity.teamId,
    context_team_id: identity.teamId,
    api_app_id: identity.appId,
    event: { event_ts: state.nextTs(), ...event },
    type: 'event_callback',
    event_id: eventId ?? `Ev${state.nextId('').slice(1)}`,
    event_time: state.nowSec(),
    authorizations: [
      {
        enterprise_id: null,
        team_id: identity.teamId,
        user_id: identity.botUserId,
        is_bot: true,
        is_enterprise_install: false,
      },
    ],
    is_ext_shared_channel: false,
  };
}
