// Refunds and voids at the counter (loaded on demand by the counter).
export { RefundsScreen } from './RefundsScreen.tsx';
