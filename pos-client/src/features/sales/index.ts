// The shift's sales and the receipt actions, for the counter.
export { ReceiptActions } from './ReceiptActions.tsx';
export { ShiftSales } from './ShiftSales.tsx';
