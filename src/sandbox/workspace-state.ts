import { type Clock, systemClock } from '../clock.js';
import type {
  SandboxChannel,
  SandboxUser,
  SandboxUsergroup,
  StoredBookmark,
  StoredFile,
  StoredMessage,
  StoredView,
  WorkspaceIdentity,
} from './workspace-types.js';

/** Trigger ids are good for `views.open` this long after Slack issues them. */
export const TRIGGER_TTL_MS = 3000;

/** The default identity: Shipgate's bot in the sandbox workspace, with the token `xoxb-sandbox`. */
export const DEFAULT_IDENTITY: WorkspaceIdentity = {
  teamId: 'T0SANDBOX',
  teamDomain: 'shipgate-sandbox',
  teamName: 'Shipgate Sandbox',
  appId: 'A0SHIPGATE',
  botUserId: 'U0SHIPGATE',
  botId: 'B0SHIPGATE',
  botToken: 'xoxb-sandbox',
  appToken: 'xapp-sandbox',
  verificationToken: 'sandbox-verification-token',
};

/**
 * Everything the stand-in remembers about its workspace: people, channels, messages, threads, pins, bookmarks,
 * reactions, views, files and trigger ids. In memory; the sandbox saves a {@link WorkspaceState.snapshot} to disk
 * so a restart keeps its story. The Web API handlers and the bot-facing side share it.
 */
export class WorkspaceState {
  readonly users = new Map<string, SandboxUser>();
  readonly channels = new Map<string, SandboxChannel>();
  readonly usergroups = new Map<string, SandboxUsergroup>();
  readonly bookmarks: StoredBookmark[] = [];
  readonly views = new Map<string, StoredView>();
  readonly files = new Map<string, StoredFile>();
  private readonly messages = new Map<string, StoredMessage[]>();
  private readonly triggers = new Map<string, { issuedAt: number; user: string; used: boolean }>();
  private lastMicros = 0;
  private seq = 0;

  constructor(
    readonly identity: WorkspaceIdentity = DEFAULT_IDENTITY,
    readonly clock: Clock = systemClock,
  ) {
    this.addUser({
      id: identity.botUserId,
      name: 'shipgate',
      realName: 'Shipgate',
      title: '',
      isBot: true,
      isAppUser: false,
      botId: identity.botId,
      tz: 'UTC',
    });
  }

  /** Current time in whole seconds, as Slack's `created`/`last_set` fields carry it. */
  nowSec(): number {
    return Math.floor(this.clock.now().getTime() / 1000);
  }

  /** A new, strictly increasing message timestamp (`1700000000.000123`) taken from the clock. */
  nextTs(): string {
    this.lastMicros = Math.max(this.lastMicros + 1, this.clock.now().getTime() * 1000);
    const sec = Math.floor(this.lastMicros / 1e6);
    return `${sec}.${String(this.lastMicros % 1e6).padStart(6, '0')}`;
  }

  /** A fresh id with Slack's look, e.g. `C1000000007`, `V1000000008`. */
  nextId(prefix: string): string {
    this.seq += 1;
    return `${prefix}1${String(this.seq).padStart(9, '0')}`;
  }

  /** Adds (or replaces) a user. */
  addUser(user: SandboxUser): SandboxUser {
    this.users.set(user.id, user);
    return user;
  }

  /** Adds a channel with the given members; the creator defaults to the bot. */
  addChannel(input: {
    id?: string;
    name: string;
    isPrivate?: boolean;
    members?: string[];
    creator?: string;
  }) {
    const id = input.id ?? this.nextId('C');
    const now = this.nowSec();
    const blank = { value: '', creator: '', last_set: 0 };
    const channel: SandboxChannel = {
      id,
      name: input.name,
      isPrivate: input.isPrivate ?? false,
      isIm: false,
      isGeneral: false,
      isArchived: false,
      created: now,
      creator: input.creator ?? this.identity.botUserId,
      topic: { ...blank },
      purpose: { ...blank },
      members: new Set(input.members ?? []),
    };
    this.channels.set(id, channel);
    return channel;
  }

  /** Adds a user group. */
  addUsergroup(group: SandboxUsergroup): SandboxUsergroup {
    this.usergroups.set(group.id, group);
    return group;
  }

  /** A channel by id, by name, or by `#name`; a user id opens (or finds) the DM with that user. */
  findChannel(ref: string): SandboxChannel | undefined {
    const byId = this.channels.get(ref);
    if (byId) return byId;
    const name = ref.startsWith('#') ? ref.slice(1) : ref;
    for (const channel of this.channels.values()) if (!channel.isIm && channel.name === name) return channel;
    if (this.users.has(ref)) return this.openIm(ref);
    return undefined;
  }

  /** The DM between the bot and a user, created on first use. */
  openIm(userId: string): SandboxChannel {
    for (const channel of this.channels.values()) if (channel.imUser === userId) return channel;
    const id = this.nextId('D');
    const blank = { value: '', creator: '', last_set: 0 };
    const channel: SandboxChannel = {
      id,
      name: userId,
      isPrivate: true,
      isIm: true,
      isGeneral: false,
      isArchived: false,
      created: this.nowSec(),
      creator: userId,
      topic: { ...blank },
      purpose: { ...blank },
      members: new Set([userId, this.identity.botUserId]),
      imUser: userId,
    };
    this.channels.set(id, channel);
    return channel;
  }

  /** A user by id or by name (`alice`, `@alice`). */
  findUser(ref: string): SandboxUser | undefined {
    const byId = this.users.get(ref);
    if (byId) return byId;
    const name = ref.startsWith('@') ? ref.slice(1) : ref;
    for (const user of this.users.values()) if (user.name === name) return user;
    return undefined;
  }

  /** Stores a message; thread fields (reply_count, latest_reply) are derived from the replies when rendered. */
  storeMessage(message: StoredMessage): StoredMessage {
    const list = this.messages.get(message.channel) ?? [];
    list.push(message);
    this.messages.set(message.channel, list);
    return message;
  }

  /** Removes a message (delete_original). */
  deleteMessage(channel: string, ts: string): boolean {
    const list = this.messages.get(channel) ?? [];
    const index = list.findIndex((m) => m.ts === ts);
    if (index >= 0) list.splice(index, 1);
    return index >= 0;
  }

  /** One message by channel and ts (ephemeral ones included). */
  message(channel: string, ts: string): StoredMessage | undefined {
    return this.messages.get(channel)?.find((m) => m.ts === ts);
  }

  /** All messages of a channel, oldest first, ephemeral ones included. */
  messagesIn(channel: string): readonly StoredMessage[] {
    return this.messages.get(channel) ?? [];
  }

  /** Every message of every channel, oldest first per channel. */
  allMessages(): StoredMessage[] {
    return [...this.messages.values()].flat();
  }

  /** The replies of a thread, oldest first (the parent not included). */
  repliesTo(channel: string, threadTs: string): StoredMessage[] {
    return this.messagesIn(channel).filter(
      (m) => m.threadTs === threadTs && m.ts !== threadTs && !m.ephemeralFor,
    );
  }

  /** Issues a trigger id for `user`, in Slack's `132456.7890123.abcdef` shape. */
  issueTrigger(user: string): string {
    this.seq += 1;
    const id = `${this.nowSec()}.${this.seq}.${this.seq.toString(16).padStart(6, '0')}`;
    this.triggers.set(id, { issuedAt: this.clock.now().getTime(), user, used: false });
    return id;
  }

  /** Spends a trigger id for views.open: the user it was issued to, or the Slack error for why it cannot be used. */
  consumeTrigger(id: string): { user: string } | { error: string } {
    const trigger = this.triggers.get(id);
    if (!trigger) return { error: 'invalid_trigger_id' };
    if (trigger.used) return { error: 'exchanged_trigger_id' };
    if (this.clock.now().getTime() - trigger.issuedAt > TRIGGER_TTL_MS)
      return { error: 'expired_trigger_id' };
    trigger.used = true;
    return { user: trigger.user };
  }
  /**
   * Everything worth keeping across a restart of the sandbox, as plain JSON: people, channels (with topics, members,
   * pins), user groups, bookmarks, views, files, messages and the id and timestamp counters. Trigger ids are left
   * out: they expire in seconds.
   */
  snapshot(): WorkspaceSnapshot {
    return {
      version: 1,
      users: [...this.users.values()],
      channels: [...this.channels.values()],
      usergroups: [...this.usergroups.values()],
      bookmarks: [...this.bookmarks],
      views: [...this.views.values()],
      files: [...this.files.values()],
      messages: [...this.messages.values()].flat(),
      lastMicros: this.lastMicros,
      seq: this.seq,
    };
  }

  /** Replaces what this workspace holds with a {@link snapshot} taken earlier (the sandbox's saved story). */
  restore(snapshot: WorkspaceSnapshot): void {
    this.users.clear();
    this.channels.clear();
    this.usergroups.clear();
    this.views.clear();
    this.files.clear();
    this.messages.clear();
    this.bookmarks.splice(0, this.bookmarks.length, ...snapshot.bookmarks);
    for (const user of snapshot.users) this.users.set(user.id, user);
    for (const channel of snapshot.channels) this.channels.set(channel.id, channel);
    for (const group of snapshot.usergroups) this.usergroups.set(group.id, group);
    for (const view of snapshot.views) this.views.set(view.id, view);
    for (const file of snapshot.files) this.files.set(file.id, file);
    for (const message of snapshot.messages) {
      const list = this.messages.get(message.channel) ?? [];
      list.push(message);
      this.messages.set(message.channel, list);
    }
    this.lastMicros = Math.max(this.lastMicros, snapshot.lastMicros);
    this.seq = Math.max(this.seq, snapshot.seq);
  }
}

/** A workspace as {@link WorkspaceState.snapshot} saves it. */
export interface WorkspaceSnapshot {
  readonly version: 1;
  readonly users: readonly SandboxUser[];
  readonly channels: readonly SandboxChannel[];
  readonly usergroups: readonly SandboxUsergroup[];
  readonly bookmarks: readonly StoredBookmark[];
  readonly views: readonly StoredView[];
  readonly files: readonly StoredFile[];
  readonly messages: readonly StoredMessage[];
  readonly lastMicros: number;
  readonly seq: number;
}
