/** Slack and webhook redeliveries taken in (the inbound ledger). */
export interface InboundTables {
  inbound_requests: {
    key: string;
    received_at: number;
  };
}
