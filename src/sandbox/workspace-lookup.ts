import type { WorkspaceState } from './workspace-state.js';
import type { SandboxChannel, SandboxUser, StoredMessage } from './workspace-types.js';

/** A user by id or name; throws for an unknown one (test helpers should fail loudly). */
export function requireUser(state: WorkspaceState, ref: string): SandboxUser {
  const user = state.findUser(ref);
  if (!user) throw new Error(`unknown user ${ref}`);
  return user;
}

/** A channel by id, name or `#name`; throws for an unknown one. */
export function requireChannel(state: WorkspaceState, ref: string): SandboxChannel {
  const channel = state.findChannel(ref);
  if (!channel) throw new Error(`unknown channel ${ref}`);
  return channel;
}

/** Where a command is typed when the test does not say: the user's first open channel, else the DM with the bot. */
export function defaultChannelFor(state: WorkspaceState, user: SandboxUser): SandboxChannel {
  for (const channel of state.channels.values()) {
    if (!channel.isIm && !channel.isArchived && channel.members.has(user.id)) return channel;
  }
  return state.openIm(user.id);
}

/** A message `user` can see (ephemeral ones only when meant for them); throws otherwise. */
export function visibleMessage(
  state: WorkspaceState,
  user: SandboxUser,
  channel: SandboxChannel,
  ts: string,
): StoredMessage {
  const message = state.message(channel.id, ts);
  if (!message) throw new Error(`no message ${ts} in ${channel.id}`);
  if (message.ephemeralFor && message.ephemeralFor !== user.id) {
    throw new Error(`message ${ts} is ephemeral for ${message.ephemeralFor}; ${user.id} cannot see it`);
  }
  return message;
}
