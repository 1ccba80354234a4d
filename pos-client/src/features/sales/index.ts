// The shift's sales, the receipt actions and a sale's summary, for the counter.
export { ReceiptActions } from './ReceiptActions.tsx';
export { SaleSummary } from './SaleSummary.tsx';
export { ShiftSales } from './ShiftSales.tsx';
