import { DECLARE_FROM_MESSAGE } from './blocks/declare-incident-modal.js';

/**
 * Every Slack Web API method Shipgate calls and every event it subscribes to. manifest.yml's bot scopes are
 * derived from this list (a test checks both ways against the method specs), so adding a call here without its
 * scope, or a scope without a call, fails the build.
 */
export const SLACK_METHODS = [
  'auth.test',
  'chat.postMessage',
  'chat.postEphemeral',
  'chat.update',
  'chat.getPermalink',
  'users.info',
  'users.lookupByEmail',
  'views.open',
  'conversations.create',
  'conversations.invite',
  'conversations.setTopic',
  'pins.add',
  'conversations.archive',
  'files.getUploadURLExternal',
  'files.completeUploadExternal',
  'conversations.history',
  'conversations.replies',
  'conversations.members',
  'conversations.list',
] as const;

/** Events API subscriptions (manifest `settings.event_subscriptions.bot_events`). */
export const SLACK_EVENTS = ['app_mention', 'reaction_added'] as const;

/** Shortcuts (manifest `features.shortcuts`); each has a listener on its callback id. */
export const SLACK_SHORTCUTS = [
  {
    name: 'Declare incident',
    type: 'message',
    callback_id: DECLARE_FROM_MESSAGE.shortcut,
    description: 'Declare an incident from this message; it becomes the first entry of the incident timeline',
  },
] as const;

/** A Web API method Shipgate uses. */
export type SlackMethod = (typeof SLACK_METHODS)[number];
