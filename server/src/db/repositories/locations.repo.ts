/** Merchant locations: a Stripe Terminal location, an IANA time zone and the sales tax rate. */
import type { Selectable } from 'kysely';
import type { LocationsTable, Queryable } from '../schema.ts';

export interface Location {
  id: string;
  accountId: string;
  stripeLocationId: string | null;
  name: string;
  /** IANA time zone, e.g. America/Los_Angeles. */
  timeZone: string;
  address: Record<string, string>;
  /** Sales tax added on top of prices, in basis points (875 = 8.75 %). */
  taxRateBps: number;
  createdAtMs: number;
}

export type NewLocation = Omit<Location, 'createdAtMs'>;

export interface LocationsRepo {
  insert(location: NewLocation, nowMs: number): Promise<Location>;
  /** Renames, re-addresses or re-zones a location (its Stripe id, account and tax rate stay). */
  update(id: string, fields: Pick<Location, 'name' | 'timeZone' | 'address'>): Promise<void>;
  findById(id: string): Promise<Location | undefined>;
  listByAccount(accountId: string): Promise<Location[]>;
}

export type LocationRow = Selectable<LocationsTable>;

export function toLocation(row: LocationRow): Location {
  return {
    id: row.id,
    accountId: row.account_id,
    stripeLocationId: row.stripe_location_id,
    name: row.name,
    timeZone: row.time_zone,
    address: JSON.parse(row.address_json) as Record<string, string>,
    taxRateBps: row.tax_rate_bps,
    createdAtMs: row.created_at_ms,
  };
}

export function createLocationsRepo(db: Queryable): LocationsRepo {
  return {
    async insert(location, nowMs) {
      const row = await db
        .insertInto('locations')
        .values({
          id: location.id,
          account_id: location.accountId,
          stripe_location_id: location.stripeLocationId,
          name: location.name,
          time_zone: location.timeZone,
          address_json: JSON.stringify(location.address),
          tax_rate_bps: location.taxRateBps,
          created_at_ms: nowMs,
        })
        .returningAll()
        .executeTakeFirstOrThrow();
      return toLocation(row);
    },
    async update(id, fields) {
      await db
        .updateTable('locations')
        .set({ name: fields.name, time_zone: fields.timeZone, address_json: JSON.stringify(fields.address) })
        .where('id', '=', id)
        .execute();
    },
    async findById(id) {
      const row = await db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
      return row ? toLocation(row) : undefined;
    },
    async listByAccount(accountId) {
      const rows = await db
        .selectFrom('locations')
        .selectAll()
        .where('account_id', '=', accountId)
        .orderBy('created_at_ms')
        .orderBy('id')
        .execute();
      return rows.map(toLocation);
    },
  };
}
