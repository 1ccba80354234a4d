/**
 * Counter sessions (only token hashes are stored), each opened on a paired register device and ending with
 * it (sign-in limits are in sign-in-limits.repo.ts).
 * `findCounterSession` loads a session with its register, location, account and staff member and whether
 * the staff member may sign in at that location in ONE query: it runs on every counter request, and six
 * separate statements were six read transactions (each taking and releasing the WAL read lock).
 */
import { type Selectable, sql } from 'kysely';
import { reusableQuery } from '../reusable-query.ts';
import type {
  AccountsTable,
  LocationsTable,
  Queryable,
  RegistersTable,
  SessionsTable,
  StaffTable,
} from '../schema.ts';
import { type Account, type AccountRow, toAccount } from './accounts.repo.ts';
import { type Location, type LocationRow, toLocation } from './locations.repo.ts';
import { type Register, type RegisterRow, toRegister } from './registers.repo.ts';
import { type Staff, type StaffRow, toStaff } from './staff.repo.ts';

export interface Session {
  id: string;
  tokenHash: string;
  staffId: string;
  registerId: string;
  csrfToken: string;
  createdAtMs: number;
  expiresAtMs: number;
  /** The paired device it was opened on (null: a session from before device pairing, refused). */
  deviceId: string | null;
}

/**
 * A session and what it points at, as stored now; any of them may be missing (a deleted register, …).
 * `allowedAtLocation`: the staff member is allowed at the register's location (staff_locations).
 */
export interface CounterSessionRecord {
  session: Session;
  register: Register | undefined;
  location: Location | undefined;
  account: Account | undefined;
  staff: Staff | undefined;
  allowedAtLocation: boolean;
  /** The device the session was opened on is still paired. */
  devicePaired: boolean;
}

export interface SessionsRepo {
  insert(session: Session): Promise<void>;
  findByTokenHash(tokenHash: string): Promise<Session | undefined>;
  /** The session with its register, location, account and staff member, in one query. */
  findCounterSession(tokenHash: string): Promise<CounterSessionRecord | undefined>;
  delete(id: string): Promise<void>;
  deleteExpired(nowMs: number): Promise<number>;
  /** Ends every session of the staff member (PIN, role, locations or active changed; sign out everywhere). */
  deleteByStaff(staffId: string): Promise<number>;
  /** Ends every session opened on the device (the device is unpaired). */
  deleteByDevice(deviceId: string): Promise<number>;
  /** Ends every session at the register (unpaired or revoked). */
  deleteByRegister(registerId: string): Promise<number>;
}

type SessionRow = Selectable<SessionsTable>;

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    staffId: row.staff_id,
    registerId: row.register_id,
    csrfToken: row.csrf_token,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
    deviceId: row.device_id,
  };
}

/** Every column of a table (a Record, so that the compiler flags a column added to the table but not here). */
function columnsOf<Table>(columns: Record<keyof Table & string, true>): readonly (keyof Table & string)[] {
  return Object.keys(columns) as (keyof Table & string)[];
}

/**
 * The tables joined to the session, by alias. Their columns are selected as `alias__column` (several
 * tables have `id`, `name`, `created_at_ms`…) and split back into one row per table.
 */
const JOINED = {
  r: columnsOf<RegistersTable>({
    id: true,
    code: true,
    name: true,
    location_id: true,
    created_at_ms: true,
    revoked_at_ms: true,
    receipts_issued: true,
  }),
  l: columnsOf<LocationsTable>({
    id: true,
    account_id: true,
    stripe_location_id: true,
    name: true,
    time_zone: true,
    address_json: true,
    tax_rate_bps: true,
    created_at_ms: true,
    tipping_json: true,
    terminal_configuration_id: true,
    prices_include_tax: true,
    reduced_tax_rate_bps: true,
    tax_name: true,
  }),
  a: columnsOf<AccountsTable>({
    id: true,
    stripe_account_id: true,
    business_name: true,
    country: true,
    currency: true,
    charge_type: true,
    capture_method: true,
    fee_bps: true,
    fee_fixed_minor: true,
    fee_min_minor: true,
    fee_max_minor: true,
    tipping_enabled: true,
    tipping_percentages_json: true,
    charges_enabled: true,
    details_submitted: true,
    payouts_enabled: true,
    requirements_json: true,
    created_at_ms: true,
    updated_at_ms: true,
    max_sale_minor: true,
    max_daily_minor: true,
    capabilities_json: true,
    dashboard_type: true,
    disconnected_at_ms: true,
    disconnected_reason: true,
    rejected_at_ms: true,
    rejected_reason: true,
  }),
  st: columnsOf<StaffTable>({
    id: true,
    account_id: true,
    display_name: true,
    role: true,
    pin_hash: true,
    pin_salt: true,
    active: true,
    created_at_ms: true,
  }),
} as const;
type JoinedAlias = keyof typeof JOINED;

const JOINED_SELECTIONS = (Object.keys(JOINED) as JoinedAlias[]).flatMap((alias) =>
  JOINED[alias].map((column) => sql.ref(`${alias}.${column}`).as(`${alias}__${column}`)),
);

/** One joined table's columns from the result row; undefined when the LEFT JOIN matched nothing (NULL id). */
function joinedRow<Row>(row: Record<string, unknown>, alias: JoinedAlias): Row | undefined {
  if (row[`${alias}__id`] === null || row[`${alias}__id`] === undefined) return undefined;
  const picked: Record<string, unknown> = {};
  for (const column of JOINED[alias]) picked[column] = row[`${alias}__${column}`];
  return picked as Row;
}

/** The session lookup every counter request makes (compiled once: see db/reusable-query.ts). */
const counterSessionByTokenHash = reusableQuery((db: Queryable, tokenHash: string) =>
  db
    .selectFrom('sessions as s')
    .leftJoin('registers as r', 'r.id', 's.register_id')
    .leftJoin('locations as l', 'l.id', 'r.location_id')
    .leftJoin('accounts as a', 'a.id', 'l.account_id')
    .leftJoin('staff as st', 'st.id', 's.staff_id')
    .leftJoin('register_devices as d', 'd.id', 's.device_id')
    .selectAll('s')
    .select(JOINED_SELECTIONS)
    .select('d.id as paired_device_id')
    .select((eb) =>
      eb
        .case()
        .when(
          eb.exists(
            eb
              .selectFrom('staff_locations as sl')
              .select(eb.lit(1).as('one'))
              .whereRef('sl.staff_id', '=', 's.staff_id')
              .whereRef('sl.location_id', '=', 'r.location_id'),
          ),
        )
        .then(eb.lit(1))
        .else(eb.lit(0))
        .end()
        .as('allowed_at_location'),
    )
    .where('s.token_hash', '=', tokenHash),
);

export function createSessionsRepo(db: Queryable): SessionsRepo {
  return {
    async insert(session) {
      await db
        .insertInto('sessions')
        .values({
          id: session.id,
          token_hash: session.tokenHash,
          staff_id: session.staffId,
          register_id: session.registerId,
          csrf_token: session.csrfToken,
          created_at_ms: session.createdAtMs,
          expires_at_ms: session.expiresAtMs,
          device_id: session.deviceId,
        })
        .execute();
    },
    async findByTokenHash(tokenHash) {
      const row = await db
        .selectFrom('sessions')
        .selectAll()
        .where('token_hash', '=', tokenHash)
        .executeTakeFirst();
      return row ? toSession(row) : undefined;
    },
    async findCounterSession(tokenHash) {
      // LEFT JOINs: a session whose register, location, account or staff row is gone is still found (and
      // then refused with the right message by the auth service), exactly as with one lookup per table.
      const row = (await counterSessionByTokenHash(db, tokenHash)).rows[0];
      if (!row) return undefined;
      const joined = row as Record<string, unknown>;
      const register = joinedRow<RegisterRow>(joined, 'r');
      const location = joinedRow<LocationRow>(joined, 'l');
      const account = joinedRow<AccountRow>(joined, 'a');
      const staff = joinedRow<StaffRow>(joined, 'st');
      return {
        session: toSession(row),
        register: register && toRegister(register),
        location: location && toLocation(location),
        account: account && toAccount(account),
        staff: staff && toStaff(staff),
        allowedAtLocation: Number(row.allowed_at_location) === 1,
        devicePaired: row.paired_device_id !== null && row.paired_device_id !== undefined,
      };
    },
    async delete(id) {
      await db.deleteFrom('sessions').where('id', '=', id).execute();
    },
    async deleteByStaff(staffId) {
      const result = await db.deleteFrom('sessions').where('staff_id', '=', staffId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteExpired(nowMs) {
      const result = await db.deleteFrom('sessions').where('expires_at_ms', '<=', nowMs).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteByDevice(deviceId) {
      const result = await db.deleteFrom('sessions').where('device_id', '=', deviceId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
    async deleteByRegister(registerId) {
      const result = await db.deleteFrom('sessions').where('register_id', '=', registerId).executeTakeFirst();
      return Number(result.numDeletedRows);
    },
  };
}
