export * from './api/auth.ts';
export * from './api/counter.ts';
export * from './api/errors.ts';
export * from './api/system.ts';
export * from './money.ts';
