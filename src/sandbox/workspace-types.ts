/** A JSON object as it arrives from the bot: keys known, values still to be checked. */
export type JsonObject = Record<string, unknown>;

/** A member of the stand-in workspace: a person, a bot or an app user. */
export interface SandboxUser {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly title: string;
  readonly email?: string;
  readonly isBot: boolean;
  readonly isAppUser: boolean;
  readonly botId?: string;
  readonly tz: string;
}

/** A conversation: public or private channel, or a DM (`isIm`). */
export interface SandboxChannel {
  readonly id: string;
  name: string;
  readonly isPrivate: boolean;
  readonly isIm: boolean;
  readonly isGeneral: boolean;
  isArchived: boolean;
  readonly created: number;
  readonly creator: string;
  topic: { value: string; creator: string; last_set: number };
  purpose: { value: string; creator: string; last_set: number };
  readonly members: Set<string>;
  /** For a DM: the person on the other side. */
  readonly imUser?: string;
}

/** One stored message, including ephemeral ones (visible to `ephemeralFor` only). */
export interface StoredMessage {
  readonly channel: string;
  readonly ts: string;
  user?: string;
  botId?: string;
  appId?: string;
  text: string;
  blocks?: unknown[];
  attachments?: unknown[];
  threadTs?: string;
  replyBroadcast?: boolean;
  ephemeralFor?: string;
  edited?: { user: string; ts: string };
  reactions: { name: string; users: string[] }[];
  pinnedBy?: string;
  files?: string[];
  metadata?: unknown;
  /** How the message came to be: Web API call, response_url post, ack body, or a person in the workspace. */
  via: 'api' | 'response_url' | 'ack' | 'user';
}

/** A channel bookmark as bookmarks.add stores it. */
export interface StoredBookmark {
  readonly id: string;
  readonly channelId: string;
  readonly title: string;
  readonly link: string;
  readonly emoji?: string;
  readonly type: string;
  readonly created: number;
}

/** A modal or Home tab view, with the stack it belongs to. */
export interface StoredView {
  readonly id: string;
  readonly userId: string;
  readonly type: string;
  readonly rootViewId: string;
  readonly previousViewId: string | null;
  hash: string;
  externalId: string;
  /** The view as the bot last sent it (title, blocks, callback_id, private_metadata, ...). */
  body: JsonObject;
  open: boolean;
}

/** A file uploaded through files.getUploadURLExternal + the upload URL + files.completeUploadExternal. */
export interface StoredFile {
  readonly id: string;
  readonly filename: string;
  readonly length: number;
  readonly user: string;
  readonly created: number;
  title: string;
  content?: Buffer;
  completed: boolean;
  channels: string[];
}

/** A user group (e.g. @oncall) and its members. */
export interface SandboxUsergroup {
  readonly id: string;
  readonly handle: string;
  readonly name: string;
  users: string[];
}

/** Identity of the workspace and of the app under test. */
export interface WorkspaceIdentity {
  readonly teamId: string;
  readonly teamDomain: string;
  readonly teamName: string;
  readonly appId: string;
  readonly botUserId: string;
  readonly botId: string;
  readonly botToken: string;
  readonly appToken: string;
  readonly verificationToken: string;
}
