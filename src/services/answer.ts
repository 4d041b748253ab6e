import type { Actor } from '../core/actor.js';
import type { DeployPlanSummary } from '../core/deploys/deploy-plan.js';
import { type RichText, type RichValue, rich } from '../core/text/rich-text.js';

/** Who asked, and from where: what every command needs to know about its caller. */
export interface Requester {
  readonly userId: string;
  readonly channelId: string;
  /**
   * The actor when its kind is already known (an agent token, Shipgate's own timers); otherwise the Slack user
   * `userId` is asked about when the boundary is checked.
   */
  readonly actor?: Actor;
}

/**
 * What a service answers to a request, for the entry point to show the person who asked (ephemerally): a refusal
 * saying why (with the usage when the mistake was in how it was typed), something done, a list, or a deploy plan.
 */
export type Answer =
  | {
      readonly kind: 'refused';
      readonly text: RichText;
      readonly showUsage: boolean;
      /** The oversight boundary's rule id when the boundary refused (the agent API answers 403 with it). */
      readonly rule?: string;
    }
  | { readonly kind: 'done'; readonly text: RichText }
  | {
      readonly kind: 'list';
      readonly title: RichText;
      readonly lines: readonly RichText[];
      readonly empty: RichText;
    }
  | { readonly kind: 'plan'; readonly plan: DeployPlanSummary; readonly timeZone: string }
  | {
      /** A rollback plan; with `confirm`, a **Roll back now** button carrying it (re-planned when clicked). */
      readonly kind: 'rollback_plan';
      readonly title: RichText;
      readonly lines: readonly RichText[];
      readonly confirm?: { readonly value: string; readonly summary: string };
    };

/** An answer plus the work to run once the person has been answered (longer than an acknowledgement may take). */
export interface Outcome {
  readonly answer: Answer;
  readonly after?: () => Promise<void>;
}

function asRich(text: RichValue): RichText {
  return typeof text === 'string' || typeof text === 'number' ? rich`${text}` : text;
}

/** A request refused with the reason; `showUsage` when the mistake is in how it was typed. */
export function refuse(text: RichValue, options: { showUsage?: boolean; rule?: string } = {}): Outcome {
  return {
    answer: {
      kind: 'refused',
      text: asRich(text),
      showUsage: options.showUsage ?? false,
      ...(options.rule ? { rule: options.rule } : {}),
    },
  };
}

/** A request carried out (or under way), answered with one line. */
export function done(text: RichValue, after?: () => Promise<void>): Outcome {
  return { answer: { kind: 'done', text: asRich(text) }, ...(after ? { after } : {}) };
}

/** A titled list. */
export function list(title: RichText, lines: readonly RichText[], empty: RichText): Outcome {
  return { answer: { kind: 'list', title, lines, empty } };
}

/** What to tell the person who clicked a button, and the work to run afterwards. */
export interface Decision {
  readonly ok: boolean;
  readonly message: RichText;
  readonly after?: () => Promise<void>;
  /** The oversight boundary's rule id when the boundary refused. */
  readonly rule?: string;
}
