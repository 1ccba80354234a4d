/** Text formatting shared by the consoles (money is `formatMoney` from @countertop/shared). */

/** "weekly" → "Weekly"; a missing or empty text → "Unknown". */
export function capitalize(text: string | null): string {
  if (!text) return 'Unknown';
  return text.charAt(0).toUpperCase() + text.slice(1);
}
