/** The platform's own settings: a single row (id = 1). */
import type { Db } from './open.ts';

export interface PlatformSettings {
  name: string;
  stripeAccountId: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

interface PlatformRow {
  name: string;
  stripe_account_id: string | null;
  created_at_ms: number;
  updated_at_ms: number;
}

function toPlatform(row: PlatformRow): PlatformSettings {
  return {
    name: row.name,
    stripeAccountId: row.stripe_account_id,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

export function createPlatformRepo(db: Db) {
  const find = db.prepare<[], PlatformRow>('SELECT * FROM platform_settings WHERE id = 1');
  const upsert = db.prepare<{ name: string; stripeAccountId: string | null; nowMs: number }>(
    `INSERT INTO platform_settings (id, name, stripe_account_id, created_at_ms, updated_at_ms)
     VALUES (1, @name, @stripeAccountId, @nowMs, @nowMs)
     ON CONFLICT (id) DO UPDATE SET name = excluded.name, stripe_account_id = excluded.stripe_account_id,
       updated_at_ms = excluded.updated_at_ms`,
  );
  return {
    find(): PlatformSettings | undefined {
      const row = find.get();
      return row ? toPlatform(row) : undefined;
    },
    save(input: { name: string; stripeAccountId: string | null }, nowMs: number): void {
      upsert.run({ ...input, nowMs });
    },
  };
}

export type PlatformRepo = ReturnType<typeof createPlatformRepo>;
