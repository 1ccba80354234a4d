/** Card readers registered to a location, and how the POS drives each (JS SDK or server-driven). */
import type { Selectable } from 'kysely';
import { reusableQuery } from '../reusable-query.ts';
import type { Queryable, ReadersTable } from '../schema.ts';
import { compareIds, compareNames, sortedBy } from './ordering.ts';

export type ReaderIntegration = 'js_sdk' | 'server_driven';

export interface Reader {
  id: string;
  accountId: string;
  locationId: string;
  /** Stripe's `tmr_…` id. */
  stripeReaderId: string;
  label: string;
  deviceType: string;
  integration: ReaderIntegration;
  createdAtMs: number;
}

export type NewReader = Omit<Reader, 'createdAtMs'>;

export interface ReadersRepo {
  insert(reader: NewReader, nowMs: number): Promise<Reader>;
  findById(id: string): Promise<Reader | undefined>;
  findByStripeReaderId(stripeReaderId: string): Promise<Reader | undefined>;
  /** The location's readers in use (removed ones are left out), by label. */
  listByLocation(locationId: string): Promise<Reader[]>;
}

export type ReaderRow = Selectable<ReadersTable>;

/** Every payment attempt reads its reader: compiled once (db/reusable-query.ts). */
const readerById = reusableQuery((db: Queryable, id: string) =>
  db.selectFrom('readers').selectAll().where('id', '=', id),
);

export function toReader(row: ReaderRow): Reader {
  return {
    id: row.id,
    accountId: row.account_id,
    locationId: row.location_id,
    stripeReaderId: row.stripe_reader_id,
    label: row.label,
    deviceType: row.device_type,
    integration: row.integration,
    createdAtMs: row.created_at_ms,
  };
}

export function createReadersRepo(db: Queryable): ReadersRepo {
  return {
    async insert(reader, nowMs) {
      const row = await db
        .insertInto('readers')
        .values({
          id: reader.id,
          account_id: reader.accountId,
          location_id: reader.locationId,
          stripe_reader_id: reader.stripeReaderId,
          label: reader.label,
          device_type: reader.deviceType,
          integration: reader.integration,
          created_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toReader(row);
    },
    async findById(id) {
      const row = (await readerById(db, id)).rows[0];
      return row ? toReader(row) : undefined;
    },
    async findByStripeReaderId(stripeReaderId) {
      const row = await db
        .selectFrom('readers')
        .selectAll()
        .where('stripe_reader_id', '=', stripeReaderId)
        .executeTakeFirst();
      return row ? toReader(row) : undefined;
    },
    async listByLocation(locationId) {
      // removed_at_ms (0003): readers removed in the platform console stay for sales history only.
      const rows = await db
        .selectFrom('readers')
        .selectAll()
        .where('location_id', '=', locationId)
        .where('removed_at_ms', 'is', null)
        .execute();
      return sortedBy(
        rows.map(toReader),
        (a, b) => compareNames(a.label, b.label),
        (a, b) => compareIds(a.id, b.id),
      );
    },
  };
}
