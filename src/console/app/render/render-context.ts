/** A Block Kit confirmation dialog object (`confirm` on a button or select). */
export interface ConfirmObject {
  readonly title?: { text?: string };
  readonly text?: { text?: string; type?: string };
  readonly confirm?: { text?: string };
  readonly deny?: { text?: string };
  readonly style?: string;
}

/** What a person did to an interactive element of a message: the console turns it into a `block_actions`. */
export interface BlockAction {
  readonly actionId: string;
  readonly blockId: string;
  readonly type: string;
  /** A select's or checkbox group's chosen value(s); a button's own value is what Slack sends, so none here. */
  readonly value?: string | string[];
  /** The element's confirm dialog, to show before the action is sent. */
  readonly confirm?: ConfirmObject;
}

/** What the renderer needs from its surroundings: names for mentions, the viewer's zone and the action sink. */
export interface RenderContext {
  /** A user's display name by id (`U0ALICE` → `alice`), or undefined when unknown. */
  readonly userName: (id: string) => string | undefined;
  /** A channel's name by id, or undefined when unknown. */
  readonly channelName: (id: string) => string | undefined;
  /** IANA zone for `<!date>` tokens; undefined means the viewer's own (the browser's Intl default). */
  readonly timeZone?: string;
  /** Milliseconds since the epoch, for `{ago}`; the browser passes `Date.now`. */
  readonly now?: () => number;
  /** Receives clicks and selections; without it the controls are shown disabled. */
  readonly onAction?: (action: BlockAction) => void;
}

/** A context for rendering without interaction, with no names known: mentions show their ids. */
export const STATIC_CONTEXT: RenderContext = {
  userName: () => undefined,
  channelName: () => undefined,
};
