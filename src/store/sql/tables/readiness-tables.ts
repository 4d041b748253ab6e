/** Readiness checklist ticks. */
export interface ReadinessTables {
  readiness_attestations: {
    service: string;
    item_id: string;
    user_id: string;
    role: string;
    version: string | null;
    at: number;
  };
}
