/** A channel as the console lists it. */
export interface ConsoleChannel {
  readonly id: string;
  readonly name: string;
  readonly topic: string;
  readonly purpose: string;
  readonly isIm: boolean;
  readonly isPrivate: boolean;
  /** How many messages are pinned in it. */
  readonly pinCount: number;
}

/** A person of the example config, with the roles it binds them to. */
export interface ConsolePerson {
  readonly id: string;
  readonly name: string;
  readonly realName: string;
  readonly title: string;
  readonly roles: readonly string[];
}

/** A slash command from manifest.yml with its usage hint. */
export interface ConsoleCommand {
  readonly command: string;
  readonly description: string;
  readonly usageHint: string;
}

/** A message shortcut from manifest.yml. */
export interface ConsoleShortcut {
  readonly name: string;
  readonly callbackId: string;
}

/** One message as the selected user sees it. */
export interface ConsoleMessage {
  readonly channel: string;
  readonly ts: string;
  readonly user?: string;
  readonly authorName: string;
  readonly isBot: boolean;
  readonly text: string;
  readonly blocks?: unknown[];
  readonly attachments?: unknown[];
  /** Files shared with the message (a report), with their text when it is text. */
  readonly files?: readonly ConsoleFile[];
  /** Only the selected user sees it ("only visible to you"). */
  readonly ephemeral: boolean;
  readonly edited: boolean;
  readonly pinned: boolean;
  readonly reactions: readonly { name: string; count: number; mine: boolean }[];
  /** The thread's replies, oldest first (for a thread parent). */
  readonly replies: readonly ConsoleMessage[];
}

/** A file shared in a message: its title and name, and its content when it is UTF-8 text (cut at 200 kB). */
export interface ConsoleFile {
  readonly id: string;
  readonly title: string;
  readonly filename: string;
  readonly bytes: number;
  readonly text?: string;
  readonly truncated: boolean;
}

/** The open modal the selected user sees, top of its stack. */
export interface ConsoleView {
  readonly id: string;
  readonly title: string;
  readonly submit?: string;
  readonly close: string;
  readonly blocks: unknown[];
  /** Errors by block_id from a `response_action: errors` ack. */
  readonly errors: Readonly<Record<string, string>>;
}

/** What `GET /api/workspace` returns: everything but the messages. */
export interface ConsoleWorkspace {
  readonly team: string;
  readonly channels: readonly ConsoleChannel[];
  readonly people: readonly ConsolePerson[];
  readonly commands: readonly ConsoleCommand[];
  readonly shortcuts: readonly ConsoleShortcut[];
  /** True when the sandbox runs a demo target the Break/Heal control can act on. */
  readonly demo: boolean;
}

/** One demo service as `GET /api/demo` shows it: traffic shares, versions and broken colours. */
export interface ConsoleDemoService {
  readonly service: string;
  readonly weights: Readonly<Record<'blue' | 'green', number>>;
  readonly versions: Readonly<Record<'blue' | 'green', string | null>>;
  readonly live: 'blue' | 'green';
  readonly broken: readonly ('blue' | 'green')[];
}

/** An error answer of the console's API. */
export interface ConsoleError {
  readonly error: string;
}
