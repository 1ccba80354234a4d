// PostgreSQL: the reusable queries (db/reusable-query.ts) go to the server as named statements, prepared
// once per connection; any other SQL is sent as it always was. One connection, so the test sees what it did.
import { describe, expect, it } from 'vitest';
import { openPostgresDatabase } from '../../src/db/postgres/open.ts';
import { createPostgresDatabase } from '../support/databases.ts';

describe('named statements (postgres)', () => {
  it('prepares a reusable query once per connection and runs it with each call’s values', async () => {
    const url = await createPostgresDatabase();
    const { database, pool } = await openPostgresDatabase(url, { poolSize: 1 });
    try {
      await pool.query(`INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type,
        created_at_ms, updated_at_ms) VALUES ('acc_a', 'acct_a', 'A', 'US', 'usd', 'direct', 0, 0),
        ('acc_b', 'acct_b', 'B', 'JP', 'jpy', 'direct', 0, 0)`);
      const prepared = async () =>
        (
          await pool.query<{ name: string; statement: string }>(
            'SELECT name, statement FROM pg_prepared_statements ORDER BY name',
          )
        ).rows;
      expect(await prepared()).toStrictEqual([]);

      expect((await database.repos.accounts.findById('acc_a'))?.currency).toBe('usd');
      const afterFirst = await prepared();
      expect(afterFirst).toHaveLength(1);
      expect(afterFirst[0]?.name).toMatch(/^countertop_\d+$/);
      expect(afterFirst[0]?.statement).toMatch(/from "accounts" where "id" = \$1/);

      // The same statement, other values: still one prepared statement, the right rows.
      expect((await database.repos.accounts.findById('acc_b'))?.currency).toBe('jpy');
      expect(await database.repos.accounts.findById('acc_none')).toBeUndefined();
      expect(await database.transaction((tx) => tx.accounts.findById('acc_a'))).toMatchObject({
        id: 'acc_a',
      });
      expect(await prepared()).toStrictEqual(afterFirst);

      // SQL that is not a reusable query is not prepared.
      await database.repos.accounts.list();
      expect(await prepared()).toStrictEqual(afterFirst);
    } finally {
      await database.close();
    }
  });
});
