/**
 * Emulator mode only: what a customer does on a simulated server-driven reader beyond Stripe's test helper
 * (`present_payment_method`, in the payments port): pressing cancel on the reader. The emulator serves it
 * as a control (`POST /_emulator/readers/:id/customer_cancel`); with real Stripe there is none (null).
 */
export interface ReaderSimulator {
  /** The customer cancels the reader's action in progress (it fails with `customer_canceled`). */
  customerCancel(stripeReaderId: string): Promise<void>;
}
