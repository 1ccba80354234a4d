/** Merchant locations: a Stripe Terminal location, an IANA time zone and the sales tax rate. */
import type { Db } from './open.ts';

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

export interface LocationRow {
  id: string;
  account_id: string;
  stripe_location_id: string | null;
  name: string;
  time_zone: string;
  address_json: string;
  tax_rate_bps: number;
  created_at_ms: number;
}

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

export function createLocationsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO locations (id, account_id, stripe_location_id, name, time_zone, address_json, tax_rate_bps, created_at_ms)
     VALUES (@id, @accountId, @stripeLocationId, @name, @timeZone, @addressJson, @taxRateBps, @nowMs)`,
  );
  const findById = db.prepare<[string], LocationRow>('SELECT * FROM locations WHERE id = ?');
  const listByAccount = db.prepare<[string], LocationRow>(
    'SELECT * FROM locations WHERE account_id = ? ORDER BY created_at_ms, id',
  );
  const update = db.prepare(
    'UPDATE locations SET name = @name, time_zone = @timeZone, address_json = @addressJson WHERE id = @id',
  );
  return {
    insert(location: NewLocation, nowMs: number): Location {
      insert.run({
        id: location.id,
        accountId: location.accountId,
        stripeLocationId: location.stripeLocationId,
        name: location.name,
        timeZone: location.timeZone,
        addressJson: JSON.stringify(location.address),
        taxRateBps: location.taxRateBps,
        nowMs,
      });
      return toLocation(findById.get(location.id)!);
    },
    /** Renames, re-addresses or re-zones a location (its Stripe id, account and tax rate stay). */
    update(id: string, fields: Pick<Location, 'name' | 'timeZone' | 'address'>): void {
      update.run({
        id,
        name: fields.name,
        timeZone: fields.timeZone,
        addressJson: JSON.stringify(fields.address),
      });
    },
    findById(id: string): Location | undefined {
      const row = findById.get(id);
      return row ? toLocation(row) : undefined;
    },
    listByAccount(accountId: string): Location[] {
      return listByAccount.all(accountId).map(toLocation);
    },
  };
}

export type LocationsRepo = ReturnType<typeof createLocationsRepo>;
