/** A person's tick on an attest item of a service's checklist, as stored. */
export interface Attestation {
  readonly service: string;
  readonly itemId: string;
  readonly userId: string;
  readonly role: string;
  /** The version shown when it was ticked (for the record; a tick counts for the service, not one version). */
  readonly version: string | undefined;
  readonly at: Date;
}

/** When an attestation stops counting. */
export function attestationExpiresAt(attestation: Attestation, validForMs: number): Date {
  return new Date(attestation.at.getTime() + validForMs);
}

/** True while an attestation counts: ticked no longer than `validForMs` before `now`. */
export function attestationValid(attestation: Attestation, validForMs: number, now: Date): boolean {
  return now.getTime() < attestationExpiresAt(attestation, validForMs).getTime();
}
