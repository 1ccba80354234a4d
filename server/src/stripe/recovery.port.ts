/**
 * RecoveryGateway: the read-only port the recovery sweeper uses to see every PaymentIntent Stripe holds for
 * an account in a time window, including ones we never recorded (a crash between Stripe creating the
 * PaymentIntent and our database recording it). Each PaymentIntent names its sale in `metadata.sale_id`.
 */
import type { AccountContext, PaymentIntentStatus } from './payments.port.ts';

export interface RecoveryPaymentIntent {
  id: string;
  status: PaymentIntentStatus;
  /** Unix seconds. */
  created: number;
  currency: string;
  amountMinor: number;
  amountReceivedMinor: number;
  saleId: string | null;
  latestChargeId: string | null;
  /** `latest_charge.payment_method_details.card_present.capture_before` (Unix seconds), when known. */
  captureBefore: number | null;
}

export interface RecoveryGateway {
  /** PaymentIntents created at or after `createdGteSeconds` where the account's payments live. */
  listPaymentIntents(account: AccountContext, createdGteSeconds: number): Promise<RecoveryPaymentIntent[]>;
}
