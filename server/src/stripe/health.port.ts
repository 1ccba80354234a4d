/** Whether Stripe (or the emulator) answers right now, for the readiness check. */
export interface StripeHealth {
  /** Resolves false (never rejects) when Stripe does not answer in time. */
  isReachable(): Promise<boolean>;
}
