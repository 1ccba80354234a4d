// The merchant sales review's public entry: main.tsx loads it on demand for `/merchant/*`.
export { MerchantApp } from './MerchantApp.tsx';
