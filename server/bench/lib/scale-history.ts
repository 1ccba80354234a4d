/**
 * The reports benchmark's history, generated into a migrated SQLite database: N completed-checkout
 * histories over two years across M merchants and L locations in varied IANA zones (whole-hour, :30 and
 * :45 offsets, DST, a midnight DST gap), with the rows our checkout really writes for a sale — the sale with
 * its card, tip, tax, application and Stripe fees, its lines, its payment attempt, refunds for some — plus
 * the catalog, staff, registers and readers they reference, and the application fee ledger as a synced
 * install holds it.
 *
 * For speed the load runs with the journal and fsync off, secondary indexes and triggers dropped (their SQL
 * kept from `sqlite_master` and re-created after the load, so the final schema is exactly the migrations'),
 * then ANALYZE. The ledger and its daily rollups are built with set-based SQL equal to what the triggers
 * maintain (the trigger/raw equivalence is proven in test/merchant/fee-ledger.test.ts). Cached and upgraded
 * by `scale-database.ts`.
 */
import { performance } from 'node:perf_hooks';
import { migrate } from '../../src/db/sqlite/migrate.ts';
import type { Db } from '../../src/db/sqlite/open.ts';
import { applicationFeeMinor, type FeePlan } from '../../src/domain/fees.ts';
import { utcOffsetMs } from '../../src/domain/local-day.ts';
import type { ScaleShape } from './scale-database.ts';

/** Bump when the generated data changes shape, so cached files are rebuilt. */
export const GENERATOR_VERSION = 2;

const DAY_MS = 86_400_000;

/** The history ends here (fixed, so every generation is the same data). */
export const HISTORY_END_MS = Date.UTC(2026, 10, 1);
export const HISTORY_DAYS = 730;

/** Zones by region, with the region's currency and how often merchants are there. */
const REGIONS: { currency: string; country: string; weight: number; zones: string[] }[] = [
  {
    currency: 'usd',
    country: 'US',
    weight: 40,
    zones: [
      'America/New_York',
      'America/Chicago',
      'America/Denver',
      'America/Phoenix',
      'America/Los_Angeles',
    ],
  },
  {
    currency: 'cad',
    country: 'CA',
    weight: 6,
    zones: ['America/Toronto', 'America/St_Johns', 'America/Halifax'],
  },
  { currency: 'gbp', country: 'GB', weight: 10, zones: ['Europe/London'] },
  { currency: 'eur', country: 'FR', weight: 10, zones: ['Europe/Paris', 'Europe/Berlin', 'Europe/Madrid'] },
  {
    currency: 'aud',
    country: 'AU',
    weight: 8,
    zones: ['Australia/Sydney', 'Australia/Adelaide', 'Australia/Lord_Howe', 'Australia/Perth'],
  },
  { currency: 'nzd', country: 'NZ', weight: 3, zones: ['Pacific/Auckland', 'Pacific/Chatham'] },
  { currency: 'inr', country: 'IN', weight: 6, zones: ['Asia/Kolkata'] },
  { currency: 'npr', country: 'NP', weight: 2, zones: ['Asia/Kathmandu'] },
  { currency: 'jpy', country: 'JP', weight: 8, zones: ['Asia/Tokyo'] },
  { currency: 'clp', country: 'CL', weight: 3, zones: ['America/Santiago'] },
  { currency: 'irr', country: 'IR', weight: 1, zones: ['Asia/Tehran'] },
  { currency: 'usd', country: 'US', weight: 3, zones: ['Pacific/Honolulu', 'America/Anchorage'] },
];

const BRANDS = [
  'visa',
  'visa',
  'visa',
  'visa',
  'mastercard',
  'mastercard',
  'mastercard',
  'amex',
  'discover',
  'jcb',
];
const READ_METHODS = [
  'contactless_emv',
  'contactless_emv',
  'contactless_emv',
  'contactless_emv',
  'contactless_emv',
  'contact_emv',
  'contact_emv',
  'magnetic_stripe_track2',
];
const PRODUCT_NAMES = [
  'Latte',
  'Espresso',
  'Cappuccino',
  'Flat white',
  'Tea',
  'Croissant',
  'Bagel',
  'Muffin',
  'Sandwich',
  'Salad',
  'Soup',
  'Cookie',
  'Brownie',
  'Juice',
  'Water',
  'Smoothie',
  'Granola',
  'Toast',
  'Cake slice',
  'Beans 250g',
];

/** Deterministic PRNG (mulberry32). */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!,
    /** Lognormal weight (σ given), for skewed merchant sizes. */
    lognormal: (sigma: number) =>
      Math.exp(sigma * Math.sqrt(-2 * Math.log(next() || 1e-12)) * Math.cos(2 * Math.PI * next())),
  };
}

/** Weighted picks in O(1) (Vose's alias method). */
function aliasTable(weights: readonly number[]) {
  const n = weights.length;
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const scaled = weights.map((weight) => (weight * n) / total);
  const alias = new Int32Array(n);
  const probability = new Float64Array(n);
  const small: number[] = [];
  const large: number[] = [];
  scaled.forEach((value, index) => {
    (value < 1 ? small : large).push(index);
  });
  while (small.length > 0 && large.length > 0) {
    const less = small.pop()!;
    const more = large.pop()!;
    probability[less] = scaled[less]!;
    alias[less] = more;
    scaled[more] = scaled[more]! + scaled[less]! - 1;
    (scaled[more]! < 1 ? small : large).push(more);
  }
  for (const index of [...small, ...large]) probability[index] = 1;
  return (random: () => number) => {
    const column = Math.floor(random() * n);
    return random() < probability[column]! ? column : alias[column]!;
  };
}

const pad = (value: number, width: number) => String(value).padStart(width, '0');

/** Migrates `db` and fills it with the history of `shape`; returns the row counts. */
export function generateHistory(
  db: Db,
  shape: ScaleShape,
  log: (line: string) => void,
): Record<string, number> {
  migrate(db);
  // No journal while generating (a failed run is discarded whole). better-sqlite3's defensive mode
  // refuses journal_mode=OFF, hence unsafe mode for the load only; WAL must be left first.
  db.pragma('journal_mode = DELETE');
  db.unsafeMode(true);
  db.pragma('journal_mode = OFF');
  db.pragma('synchronous = OFF');
  db.pragma('foreign_keys = OFF'); // every reference is generated valid; checked by foreign_key_check below
  db.pragma('cache_size = -1000000');
  db.pragma('temp_store = MEMORY');
  // Keep the migrations' index and trigger SQL, drop them for the load, re-create them after.
  const deferred = db
    .prepare<[], { type: string; name: string; sql: string }>(
      `SELECT type, name, sql FROM sqlite_master WHERE type IN ('index', 'trigger') AND sql IS NOT NULL
       ORDER BY type = 'trigger', rowid`,
    )
    .all();
  for (const item of deferred) db.exec(`DROP ${item.type.toUpperCase()} ${item.name}`);

  const random = createRandom(20_261_101);
  const startMs = HISTORY_END_MS - HISTORY_DAYS * DAY_MS;
  const at = startMs - 30 * DAY_MS;
  const regionPick = aliasTable(REGIONS.map((region) => region.weight));

  // Merchants, with skewed sizes.
  interface Merchant {
    id: string;
    stripeAccountId: string;
    currency: string;
    zones: string[];
    weight: number;
    plan: FeePlan;
    locations: number[];
    staff: string[];
    products: { id: string; name: string; priceMinor: number }[];
  }
  const merchants: Merchant[] = [];
  const insertAccount = db.prepare(
    `INSERT INTO accounts (id, stripe_account_id, business_name, country, currency, charge_type, capture_method,
       fee_bps, fee_fixed_minor, fee_min_minor, charges_enabled, details_submitted, payouts_enabled,
       created_at_ms, updated_at_ms)
     VALUES (?, ?, ?, ?, ?, 'direct', 'manual', ?, ?, 0, 1, 1, 1, ?, ?)`,
  );
  const insertStaff = db.prepare(
    `INSERT INTO staff (id, account_id, display_name, role, pin_hash, pin_salt, created_at_ms)
     VALUES (?, ?, ?, ?, 'x', 'x', ?)`,
  );
  const insertProduct = db.prepare(
    `INSERT INTO products (id, account_id, name, price_minor, sort_order, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?)`,
  );
  for (let m = 0; m < shape.merchants; m += 1) {
    const region = REGIONS[regionPick(random.next)]!;
    const id = `acc_${pad(m, 6)}`;
    const zeroDecimal = ['jpy', 'clp'].includes(region.currency);
    const unit = zeroDecimal ? 1 : 100;
    const scale =
      region.currency === 'inr' || region.currency === 'npr' ? 80 : region.currency === 'irr' ? 40_000 : 1;
    const merchant: Merchant = {
      id,
      stripeAccountId: `acct_bench${pad(m, 6)}`,
      currency: region.currency,
      zones: region.zones,
      weight: random.lognormal(1.0),
      plan: {
        bps: random.pick([50, 75, 100, 150]),
        fixedMinor: zeroDecimal ? 0 : random.pick([0, 5, 10]),
        minMinor: 0,
        maxMinor: null,
      },
      locations: [],
      staff: [],
      products: [],
    };
    insertAccount.run(
      id,
      merchant.stripeAccountId,
      `Merchant ${pad(m, 4)}`,
      region.country,
      region.currency,
      merchant.plan.bps,
      merchant.plan.fixedMinor,
      at,
      at,
    );
    const staffCount = random.int(3, 8);
    for (let s = 0; s < staffCount; s += 1) {
      const staffId = `stf_${pad(m, 6)}_${s}`;
      insertStaff.run(staffId, id, `Staff ${s}`, s === 0 ? 'manager' : 'staff', at);
      merchant.staff.push(staffId);
    }
    PRODUCT_NAMES.forEach((name, index) => {
      const productId = `prd_${pad(m, 6)}_${pad(index, 2)}`;
      const priceMinor = Math.round(random.int(2, 14) * unit * (zeroDecimal ? 100 : 0.5) * scale) || unit;
      insertProduct.run(productId, id, name, priceMinor, index, at);
      merchant.products.push({ id: productId, name, priceMinor });
    });
    merchants.push(merchant);
  }

  // Locations (every merchant has one; bigger merchants get more), each with registers and readers.
  interface Location {
    id: string;
    merchant: Merchant;
    zone: string;
    taxBps: number;
    registers: { id: string; readerId: string }[];
    weight: number;
  }
  const locations: Location[] = [];
  const owners = merchants.map((_, index) => index);
  const merchantPick = aliasTable(merchants.map((merchant) => merchant.weight));
  for (let l = shape.merchants; l < shape.locations; l += 1) owners.push(merchantPick(random.next));
  const insertLocation = db.prepare(
    `INSERT INTO locations (id, account_id, stripe_location_id, name, time_zone, tax_rate_bps, created_at_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertRegister = db.prepare(
    'INSERT INTO registers (id, code, name, location_id, created_at_ms) VALUES (?, ?, ?, ?, ?)',
  );
  const insertReader = db.prepare(
    `INSERT INTO readers (id, account_id, location_id, stripe_reader_id, label, device_type, integration, created_at_ms)
     VALUES (?, ?, ?, ?, ?, 'stripe_s700', 'server_driven', ?)`,
  );
  owners.forEach((owner, l) => {
    const merchant = merchants[owner]!;
    const id = `loc_${pad(l, 6)}`;
    const zone = merchant.zones[merchant.locations.length % merchant.zones.length]!;
    const location: Location = {
      id,
      merchant,
      zone,
      taxBps: random.pick([0, 500, 725, 825, 1000]),
      registers: [],
      weight: 0,
    };
    insertLocation.run(id, merchant.id, `tml_bench${pad(l, 6)}`, `Store ${l}`, zone, location.taxBps, at);
    const registerCount = random.int(1, 3);
    for (let r = 0; r < registerCount; r += 1) {
      const registerId = `reg_${pad(l, 6)}_${r}`;
      const readerId = `rdr_${pad(l, 6)}_${r}`;
      insertRegister.run(registerId, `R${pad(l, 6)}${r}`, `Register ${r + 1}`, id, at);
      insertReader.run(readerId, merchant.id, id, `tmr_bench${pad(l, 6)}${r}`, `Reader ${r + 1}`, at);
      location.registers.push({ id: registerId, readerId });
    }
    merchant.locations.push(l);
    locations.push(location);
  });
  for (const location of locations) {
    location.weight = (location.merchant.weight / location.merchant.locations.length) * random.lognormal(0.3);
  }
  const locationPick = aliasTable(locations.map((location) => location.weight));

  // Local midnight offsets, cached per zone and day (the business-hours shape only).
  const offsets = new Map<string, number>();
  const offsetOf = (zone: string, day: number): number => {
    const key = `${zone}|${day}`;
    let offset = offsets.get(key);
    if (offset === undefined) {
      offset = utcOffsetMs(startMs + day * DAY_MS + DAY_MS / 2, zone);
      offsets.set(key, offset);
    }
    return offset;
  };

  const insertSale = db.prepare(
    `INSERT INTO sales (id, account_id, location_id, register_id, staff_id, client_sale_id, status, currency,
       subtotal_minor, tax_minor, tip_minor, total_minor, application_fee_minor, payment_intent_id, reader_id,
       card_brand, card_last4, read_method, last_error_code, last_decline_code, last_error_message, created_at_ms,
       updated_at_ms, captured_at_ms, capture_method, charge_id, stripe_fee_minor, balance_transaction_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'manual', ?, ?, ?)`,
  );
  const insertLine = db.prepare(
    `INSERT INTO sale_lines (sale_id, position, product_id, description, quantity, unit_price_minor, amount_minor)
     VALUES (?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertAttempt = db.prepare(
    `INSERT INTO payment_attempts (id, sale_id, attempt_key, payment_intent_id, reader_id, integration, status,
       stripe_request_started_at_ms, outcome, created_at_ms, updated_at_ms, error_code, decline_code, error_message,
       attempt_number)
     VALUES (?, ?, ?, ?, ?, 'server_driven', ?, ?, ?, ?, ?, ?, ?, ?, 1)`,
  );
  const insertRefund = db.prepare(
    `INSERT INTO refunds (id, sale_id, stripe_refund_id, amount_minor, reason, status, created_at_ms, refund_key,
       application_fee_refunded_minor, requested_by_user_id, requested_by_label, updated_at_ms, location_id)
     VALUES (?, ?, ?, ?, 'requested_by_customer', 'succeeded', ?, ?, ?, ?, 'Owner', ?, ?)`,
  );

  const counts = { sales: 0, sale_lines: 0, payment_attempts: 0, refunds: 0 };
  const batch = 200_000;
  const loadStarted = performance.now();
  for (let first = 0; first < shape.sales; first += batch) {
    db.transaction(() => {
      const last = Math.min(shape.sales, first + batch);
      for (let i = first; i < last; i += 1) {
        const location = locations[locationPick(random.next)]!;
        const merchant = location.merchant;
        const day = Math.floor((i / shape.sales) * HISTORY_DAYS);
        // Business hours 07:00–21:00 local, busier around noon.
        const localMinute = 420 + Math.floor(((random.next() + random.next() + random.next()) / 3) * 840);
        const createdAtMs =
          startMs +
          day * DAY_MS +
          localMinute * 60_000 +
          random.int(0, 59_999) -
          offsetOf(location.zone, day);
        const register = random.pick(location.registers);
        const staffId = random.pick(merchant.staff);
        const id = `sal_${pad(i, 9)}`;
        const roll = random.next();
        const status =
          roll < 0.925
            ? 'succeeded'
            : roll < 0.945
              ? 'partially_refunded'
              : roll < 0.96
                ? 'refunded'
                : roll < 0.98
                  ? 'payment_failed'
                  : roll < 0.997
                    ? 'canceled'
                    : 'requires_capture';
        const captured = status === 'succeeded' || status === 'partially_refunded' || status === 'refunded';
        const lineCount = 1 + Math.floor(random.next() * random.next() * 4);
        let subtotal = 0;
        for (let position = 0; position < lineCount; position += 1) {
          const keyed = random.next() < 0.08;
          const product = random.pick(merchant.products);
          const quantity = random.next() < 0.85 ? 1 : random.int(2, 4);
          const unitPrice = keyed ? product.priceMinor + random.int(0, 10) * 10 : product.priceMinor;
          insertLine.run(
            id,
            position,
            keyed ? null : product.id,
            keyed ? 'Custom amount' : product.name,
            quantity,
            unitPrice,
            quantity * unitPrice,
          );
          subtotal += quantity * unitPrice;
        }
        const tax = Math.round((subtotal * location.taxBps) / 10_000);
        const tip = random.next() < 0.3 ? Math.round((subtotal * random.pick([10, 15, 18, 20])) / 100) : 0;
        const total = subtotal + tax + tip;
        const fee = applicationFeeMinor(total, merchant.plan);
        const paid = captured || status === 'requires_capture';
        const failed = status === 'payment_failed';
        const card = paid || failed;
        const capturedAtMs = captured ? createdAtMs + random.int(4_000, 20_000) : null;
        const updatedAtMs = capturedAtMs ?? createdAtMs + random.int(3_000, 60_000);
        insertSale.run(
          id,
          merchant.id,
          location.id,
          register.id,
          staffId,
          `cs_${pad(i, 9)}`,
          status,
          merchant.currency,
          subtotal,
          tax,
          tip,
          total,
          fee,
          status === 'canceled' ? null : `pi_bench${pad(i, 9)}`,
          register.readerId,
          card ? random.pick(BRANDS) : null,
          card ? pad(random.int(0, 9999), 4) : null,
          card ? random.pick(READ_METHODS) : null,
          failed ? 'card_declined' : null,
          failed ? random.pick(['insufficient_funds', 'generic_decline', 'do_not_honor']) : null,
          failed ? 'Your card was declined.' : null,
          createdAtMs,
          updatedAtMs,
          capturedAtMs,
          paid ? `ch_bench${pad(i, 9)}` : null,
          captured ? Math.round((total * 27) / 1000) + 5 : null,
          captured ? `txn_bench${pad(i, 9)}` : null,
        );
        insertAttempt.run(
          `pa_${pad(i, 9)}`,
          id,
          `${id}:1`,
          status === 'canceled' ? null : `pi_bench${pad(i, 9)}`,
          register.readerId,
          captured
            ? 'succeeded'
            : failed
              ? 'failed'
              : status === 'canceled'
                ? 'canceled'
                : 'requires_capture',
          createdAtMs,
          captured ? 'captured' : failed ? 'declined' : null,
          createdAtMs,
          updatedAtMs,
          failed ? 'card_declined' : null,
          failed ? 'generic_decline' : null,
          failed ? 'Your card was declined.' : null,
        );
        counts.sales += 1;
        counts.sale_lines += lineCount;
        counts.payment_attempts += 1;
        if (status === 'partially_refunded' || status === 'refunded') {
          const amount =
            status === 'refunded' ? total : Math.max(1, Math.floor(total * (0.2 + random.next() * 0.5)));
          const refundedAtMs = Math.min(HISTORY_END_MS - 1, createdAtMs + random.int(60_000, 10 * DAY_MS));
          const refundId = `rfd_${pad(i, 9)}`;
          insertRefund.run(
            refundId,
            id,
            `re_bench${pad(i, 9)}`,
            amount,
            refundedAtMs,
            `rk_${pad(i, 9)}`,
            Math.floor((fee * amount) / total),
            `usr_owner_${merchant.id}`,
            refundedAtMs,
            location.id,
          );
          counts.refunds += 1;
        }
      }
    })();
    if ((first / batch) % 10 === 9) {
      log(`  … ${first + batch} sales (${Math.round((performance.now() - loadStarted) / 1000)} s)`);
    }
  }
  log(`  rows loaded in ${Math.round((performance.now() - loadStarted) / 1000)} s; building indexes`);

  const indexStarted = performance.now();
  for (const item of deferred) if (item.type === 'index') db.exec(item.sql);
  log(
    `  indexes built in ${Math.round((performance.now() - indexStarted) / 1000)} s; building the fee ledger`,
  );

  // The fee ledger of an install whose sync has seen every fee (Stripe's figures equal ours), and its
  // rollups: the same rows the triggers of 0006 maintain.
  db.exec(`
    INSERT INTO application_fee_ledger (charge_id, stripe_account_id, currency, sale_id, sale_created_at_ms,
      recorded_fee_minor, recorded_refunded_minor, stripe_fee_id, stripe_amount_minor, stripe_amount_refunded_minor,
      created_at_ms)
    SELECT s.charge_id, a.stripe_account_id, s.currency, s.id, s.created_at_ms, s.application_fee_minor,
      coalesce((SELECT sum(r.application_fee_refunded_minor) FROM refunds r
                WHERE r.sale_id = s.id AND r.status IN ('pending', 'succeeded')), 0),
      CASE WHEN s.application_fee_minor > 0 THEN 'fee_' || substr(s.charge_id, 4) END,
      CASE WHEN s.application_fee_minor > 0 THEN s.application_fee_minor END,
      CASE WHEN s.application_fee_minor > 0 THEN coalesce((SELECT sum(r.application_fee_refunded_minor)
        FROM refunds r WHERE r.sale_id = s.id AND r.status IN ('pending', 'succeeded')), 0) END,
      coalesce(s.captured_at_ms, s.updated_at_ms)
    FROM sales s JOIN accounts a ON a.id = s.account_id
    WHERE s.charge_id IS NOT NULL AND s.status IN ('succeeded', 'partially_refunded', 'refunded')
    ORDER BY s.charge_id;
    INSERT INTO fee_rollups_daily (utc_day, stripe_account_id, currency, fees_count, collected_minor, refunded_minor)
    SELECT created_at_ms / 86400000, stripe_account_id, currency, count(*), sum(fee_minor), sum(refunded_minor)
    FROM application_fee_ledger WHERE counted = 1 GROUP BY 1, 2, 3;
  `);
  db.prepare('INSERT INTO application_fee_sync (id, synced_from_ms, synced_through_ms) VALUES (1, ?, ?)').run(
    startMs - 30 * DAY_MS,
    HISTORY_END_MS,
  );
  for (const item of deferred) if (item.type === 'trigger') db.exec(item.sql);
  const broken = db.pragma('foreign_key_check') as unknown[];
  if (broken.length > 0) throw new Error(`generated rows break ${broken.length} foreign keys`);
  db.exec('ANALYZE');
  db.pragma('foreign_keys = ON');
  db.pragma('journal_mode = DELETE');
  db.unsafeMode(false);
  const ledger =
    db.prepare<[], { n: number }>('SELECT count(*) AS n FROM application_fee_ledger').get()?.n ?? 0;
  log(`  ledger and ANALYZE done; ${ledger} ledger rows`);
  return { ...counts, application_fee_ledger: ledger };
}
