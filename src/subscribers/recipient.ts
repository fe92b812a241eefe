/** Who one message goes to: the subscriber's ledger identity and the address it is sent to. */
export interface Recipient {
  /** 0 for a test copy, which is outside the ledger. */
  subscriberId: number;
  email: string;
}
