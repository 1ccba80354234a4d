// The counter screen, for the app shell.
export { CounterScreen } from './CounterScreen.tsx';
