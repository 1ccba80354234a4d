// Property-based fuzzing (fast-check, fixed seed) of every mounted route definition that takes a JSON
// body or a query string (the fields come from the definition's own schemas): thousands of generated bodies
// (random JSON, objects with the route's own field names holding random values, malformed JSON) and query
// strings, sent by a caller the route admits so validation and the handler are what is exercised. No
// response may be a 500 (502/503 only name Stripe refusing or being away), every error must be a JSON
// `{ error: { code, message } }`, and a rejected request must not write any business table. The cases and
// checks are input-fuzz-cases.ts, shared with `pnpm soak` (which sends ≥ 10,000 of them).
import { expect, it } from 'vitest';
import { formatInputFuzzFigures, runInputFuzz } from './input-fuzz-cases.ts';

const RUNS_PER_ROUTE = 60;

it('answers thousands of generated bodies and query strings without a 500, with JSON errors, writing nothing on rejection', async () => {
  const figures = await runInputFuzz({ runsPerRoute: RUNS_PER_ROUTE });
  console.log(formatInputFuzzFigures(figures));
  // The callers stayed signed in: the requests reached validation and handlers, not just the auth guard.
  expect(figures.authRejected).toBeLessThan(figures.requests / 4);
  expect(figures.problems).toEqual([]);
  expect(figures.requests).toBeGreaterThanOrEqual(2_000);
}, 60_000);
