/** Card readers registered to a location, and how the POS drives each (JS SDK or server-driven). */
import type { Db } from './open.ts';

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

interface ReaderRow {
  id: string;
  account_id: string;
  location_id: string;
  stripe_reader_id: string;
  label: string;
  device_type: string;
  integration: ReaderIntegration;
  created_at_ms: number;
}

function toReader(row: ReaderRow): Reader {
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

export function createReadersRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO readers (id, account_id, location_id, stripe_reader_id, label, device_type, integration, created_at_ms)
     VALUES (@id, @accountId, @locationId, @stripeReaderId, @label, @deviceType, @integration, @nowMs)`,
  );
  const findById = db.prepare<[string], ReaderRow>('SELECT * FROM readers WHERE id = ?');
  const findByStripeId = db.prepare<[string], ReaderRow>('SELECT * FROM readers WHERE stripe_reader_id = ?');
  const listByLocation = db.prepare<[string], ReaderRow>(
    // removed_at_ms (0003): readers removed in the platform console stay for sales history only.
    'SELECT * FROM readers WHERE location_id = ? AND removed_at_ms IS NULL ORDER BY label, id',
  );
  return {
    insert(reader: NewReader, nowMs: number): Reader {
      insert.run({ ...reader, nowMs });
      return toReader(findById.get(reader.id)!);
    },
    findById(id: string): Reader | undefined {
      const row = findById.get(id);
      return row ? toReader(row) : undefined;
    },
    findByStripeReaderId(stripeReaderId: string): Reader | undefined {
      const row = findByStripeId.get(stripeReaderId);
      return row ? toReader(row) : undefined;
    },
    listByLocation(locationId: string): Reader[] {
      return listByLocation.all(locationId).map(toReader);
    },
  };
}

export type ReadersRepo = ReturnType<typeof createReadersRepo>;
