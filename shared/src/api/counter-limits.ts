/** The cart's limits, without zod (the counter's bundle reads them; api/counter.ts builds the schemas). */

/** Most distinct products one sale may carry. */
export const MAX_LINE_ITEMS = 50;
/** Most units of one product on one line. */
export const MAX_QUANTITY = 999;
/** Most modifiers chosen on one line. */
export const MAX_MODIFIERS_PER_LINE = 20;
