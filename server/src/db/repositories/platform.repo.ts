/** The platform's own settings: a single row (id = 1). */
import type { Selectable } from 'kysely';
import type { PlatformSettingsTable, Queryable } from '../schema.ts';

export interface PlatformSettings {
  name: string;
  stripeAccountId: string | null;
  createdAtMs: number;
  updatedAtMs: number;
}

export interface PlatformRepo {
  find(): Promise<PlatformSettings | undefined>;
  save(input: { name: string; stripeAccountId: string | null }, nowMs: number): Promise<void>;
}

type PlatformRow = Selectable<PlatformSettingsTable>;

function toPlatform(row: PlatformRow): PlatformSettings {
  return {
    name: row.name,
    stripeAccountId: row.stripe_account_id,
    createdAtMs: row.created_at_ms,
    updatedAtMs: row.updated_at_ms,
  };
}

export function createPlatformRepo(db: Queryable): PlatformRepo {
  return {
    async find() {
      const row = await db.selectFrom('platform_settings').selectAll().where('id', '=', 1).executeTakeFirst();
      return row ? toPlatform(row) : undefined;
    },
    async save(input, nowMs) {
      await db
        .insertInto('platform_settings')
        .values({
          id: 1,
          name: input.name,
          stripe_account_id: input.stripeAccountId,
          created_at_ms: nowMs,
          updated_at_ms: nowMs,
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet((eb) => ({
            name: eb.ref('excluded.name'),
            stripe_account_id: eb.ref('excluded.stripe_account_id'),
            updated_at_ms: eb.ref('excluded.updated_at_ms'),
          })),
        )
        .execute();
    },
  };
}
