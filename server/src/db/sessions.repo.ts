/**
 * Counter sessions (only token hashes are stored) and failed sign-in attempts for throttling.
 * `findCounterSession` loads a session with its register, location, account and staff member and whether
 * the staff member may sign in at that location in ONE query: it runs on every counter request, and six
 * separate statements were six read transactions (each taking and releasing the WAL read lock).
 */
import { type Account, type AccountRow, toAccount } from './accounts.repo.ts';
import { type Location, type LocationRow, toLocation } from './locations.repo.ts';
import type { Db } from './open.ts';
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
}

interface SessionRow {
  id: string;
  token_hash: string;
  staff_id: string;
  register_id: string;
  csrf_token: string;
  created_at_ms: number;
  expires_at_ms: number;
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
}

/** The tables of the joined session query, by the name SQLite reports for each result column. */
const JOINED_TABLES = ['sessions', 'registers', 'locations', 'accounts', 'staff'] as const;
type JoinedTable = (typeof JOINED_TABLES)[number];

function toSession(row: SessionRow): Session {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    staffId: row.staff_id,
    registerId: row.register_id,
    csrfToken: row.csrf_token,
    createdAtMs: row.created_at_ms,
    expiresAtMs: row.expires_at_ms,
  };
}

export function createSessionsRepo(db: Db) {
  const insert = db.prepare(
    `INSERT INTO sessions (id, token_hash, staff_id, register_id, csrf_token, created_at_ms, expires_at_ms)
     VALUES (@id, @tokenHash, @staffId, @registerId, @csrfToken, @createdAtMs, @expiresAtMs)`,
  );
  const findByTokenHash = db.prepare<[string], SessionRow>('SELECT * FROM sessions WHERE token_hash = ?');
  // LEFT JOINs: a session whose register, location, account or staff row is gone is still found (and then
  // refused with the right message by the auth service), exactly as with one lookup per table.
  const findJoined = db
    .prepare<[string], unknown[]>(
      `SELECT s.*, r.*, l.*, a.*, st.*,
         EXISTS (SELECT 1 FROM staff_locations sl
                 WHERE sl.staff_id = s.staff_id AND sl.location_id = r.location_id) AS allowed_at_location
       FROM sessions s
       LEFT JOIN registers r ON r.id = s.register_id
       LEFT JOIN locations l ON l.id = r.location_id
       LEFT JOIN accounts a ON a.id = l.account_id
       LEFT JOIN staff st ON st.id = s.staff_id
       WHERE s.token_hash = ?`,
    )
    .raw(true);
  // Which table each result column belongs to (`SELECT x.*` columns keep their own names), computed once.
  const joinedColumns = findJoined.columns().map((column) => ({
    name: column.name,
    table: (JOINED_TABLES as readonly (string | null)[]).includes(column.table)
      ? (column.table as JoinedTable)
      : null,
  }));
  const splitJoinedRow = (values: unknown[]) => {
    const rows: Record<JoinedTable, Record<string, unknown>> = {
      sessions: {},
      registers: {},
      locations: {},
      accounts: {},
      staff: {},
    };
    let allowed = false;
    joinedColumns.forEach((column, index) => {
      if (column.table) rows[column.table][column.name] = values[index];
      else if (column.name === 'allowed_at_location') allowed = values[index] === 1;
    });
    return { rows, allowed };
  };
  const deleteById = db.prepare('DELETE FROM sessions WHERE id = ?');
  const deleteExpired = db.prepare('DELETE FROM sessions WHERE expires_at_ms <= ?');
  const recordFailure = db.prepare(
    'INSERT INTO sign_in_attempts (register_id, staff_id, attempted_at_ms) VALUES (?, ?, ?)',
  );
  const countFailures = db.prepare<[string, string, number], { n: number }>(
    `SELECT count(*) AS n FROM sign_in_attempts
     WHERE register_id = ? AND staff_id = ? AND attempted_at_ms > ?`,
  );
  const clearFailures = db.prepare('DELETE FROM sign_in_attempts WHERE register_id = ? AND staff_id = ?');
  const pruneFailures = db.prepare('DELETE FROM sign_in_attempts WHERE attempted_at_ms <= ?');

  return {
    insert(session: Session): void {
      insert.run(session);
    },
    findByTokenHash(tokenHash: string): Session | undefined {
      const row = findByTokenHash.get(tokenHash);
      return row ? toSession(row) : undefined;
    },
    findCounterSession(tokenHash: string): CounterSessionRecord | undefined {
      const values = findJoined.get(tokenHash);
      if (!values) return undefined;
      const { rows, allowed } = splitJoinedRow(values);
      // A LEFT JOIN without a match yields NULL ids.
      const present = <Row>(row: Record<string, unknown>): Row | undefined =>
        row.id === null || row.id === undefined ? undefined : (row as Row);
      const register = present<RegisterRow>(rows.registers);
      const location = present<LocationRow>(rows.locations);
      const account = present<AccountRow>(rows.accounts);
      const staff = present<StaffRow>(rows.staff);
      return {
        session: toSession(rows.sessions as unknown as SessionRow),
        register: register && toRegister(register),
        location: location && toLocation(location),
        account: account && toAccount(account),
        staff: staff && toStaff(staff),
        allowedAtLocation: allowed,
      };
    },
    delete(id: string): void {
      deleteById.run(id);
    },
    deleteExpired(nowMs: number): number {
      return deleteExpired.run(nowMs).changes;
    },
    recordFailedSignIn(registerId: string, staffId: string, atMs: number): void {
      recordFailure.run(registerId, staffId, atMs);
    },
    /** Failed attempts strictly after `sinceMs`. */
    countFailedSignIns(registerId: string, staffId: string, sinceMs: number): number {
      return countFailures.get(registerId, staffId, sinceMs)?.n ?? 0;
    },
    clearFailedSignIns(registerId: string, staffId: string): void {
      clearFailures.run(registerId, staffId);
    },
    pruneFailedSignIns(beforeMs: number): void {
      pruneFailures.run(beforeMs);
    },
  };
}

export type SessionsRepo = ReturnType<typeof createSessionsRepo>;
