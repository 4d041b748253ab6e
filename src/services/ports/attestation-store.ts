import type { Attestation } from '../../core/readiness/attestation.js';

/** Stored checklist ticks, one per service and item (the newest tick replaces an older one). */
export interface AttestationStore {
  forService(service: string): Promise<Attestation[]>;
  /** Stores the tick, replacing any earlier one for the same service and item. */
  put(attestation: Attestation): Promise<void>;
  /** False when the item was not ticked. */
  remove(service: string, itemId: string): Promise<boolean>;
}
