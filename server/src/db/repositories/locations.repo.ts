/** Merchant locations: a Stripe Terminal location, an IANA time zone and its taxes. */
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
  /** The standard tax rate, in basis points (875 = 8.75 %): added on top, or included in prices. */
  taxRateBps: number;
  /** Prices include tax (Japan, EU, UK, Australia); false: it is added (US, Canada). */
  pricesIncludeTax: boolean;
  /** The rate of `reduced` items (null: they pay the standard rate). */
  reducedTaxRateBps: number | null;
  /** The tax's name on receipts ("Sales tax", "Consumption tax", "VAT"). */
  taxName: string;
  createdAtMs: number;
}

export type NewLocation = Omit<
  Location,
  'createdAtMs' | 'pricesIncludeTax' | 'reducedTaxRateBps' | 'taxName'
> &
  Partial<Pick<Location, 'pricesIncludeTax' | 'reducedTaxRateBps' | 'taxName'>>;

export interface LocationTaxFields {
  pricesIncludeTax: boolean;
  taxName: string;
  taxRateBps: number;
  reducedTaxRateBps: number | null;
}

export interface LocationsRepo {
  insert(location: NewLocation, nowMs: number): Promise<Location>;
  /** Renames, re-addresses or re-zones a location (its Stripe id, account and tax rate stay). */
  update(id: string, fields: Pick<Location, 'name' | 'timeZone' | 'address'>): Promise<void>;
  findById(id: string): Promise<Location | undefined>;
  listByAccount(accountId: string): Promise<Location[]>;
  /** Sets the location's taxes (its prices include tax or not, the rates, the tax's name). */
  setTaxes(id: string, taxes: LocationTaxFields): Promise<void>;
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
    pricesIncludeTax: row.prices_include_tax === 1,
    reducedTaxRateBps: row.reduced_tax_rate_bps,
    taxName: row.tax_name,
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
          prices_include_tax: location.pricesIncludeTax ? 1 : 0,
          reduced_tax_rate_bps: location.reducedTaxRateBps ?? null,
          ...(location.taxName === undefined ? {} : { tax_name: location.taxName }),
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
    async setTaxes(id, taxes) {
      await db
        .updateTable('locations')
        .set({
          prices_include_tax: taxes.pricesIncludeTax ? 1 : 0,
          tax_name: taxes.taxName,
          tax_rate_bps: taxes.taxRateBps,
          reduced_tax_rate_bps: taxes.reducedTaxRateBps,
        })
        .where('id', '=', id)
        .execute();
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
