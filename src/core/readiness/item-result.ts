/** How one checklist item came out, in the order of the checklist. */
export interface ItemResult {
  readonly id: string;
  readonly text: string;
  readonly section: string;
  readonly critical: boolean;
  readonly weight: number;
  /** `check`: run by Shipgate; `attest`: ticked by a person in `role`. */
  readonly kind: 'check' | 'attest';
  readonly role?: string;
  readonly passed: boolean;
  /** Why it passed or failed, in a few words (user text: escape it wherever it is shown). */
  readonly reason: string;
  /** The tail of a command's output or an HTTP body, when there is one. */
  readonly evidence?: string;
  /** Who ticked an attest item and when (also kept for an expired tick, whose reason says so). */
  readonly attestedBy?: string;
  readonly attestedAt?: string;
}
