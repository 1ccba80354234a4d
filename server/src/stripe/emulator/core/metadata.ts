// Stripe's update rule for `metadata` on every resource that has it: `metadata=` (parsed to null) unsets every
// key, a key sent empty (`metadata[k]=`) unsets that key, any other key is set or replaced.
import type Stripe from 'stripe';

export function mergeMetadata(
  current: Stripe.Metadata,
  update: Record<string, string> | null | undefined,
): Stripe.Metadata {
  if (update === undefined) return current;
  if (update === null) return {};
  const next: Stripe.Metadata = { ...current };
  for (const [key, value] of Object.entries(update)) {
    if (value === '') delete next[key];
    else next[key] = value;
  }
  return next;
}
