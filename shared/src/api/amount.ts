import { z } from 'zod';
import { MAX_AMOUNT_MINOR } from '../money.ts';

/**
 * An amount in minor units as the API accepts it. Kept apart from money.ts so that code needing only the
 * money helpers (the counter's bundle) does not load zod's schema builder.
 */
export const AmountMinorSchema = z
  .number()
  .int('an integer amount in minor units')
  .min(0)
  .max(MAX_AMOUNT_MINOR);
