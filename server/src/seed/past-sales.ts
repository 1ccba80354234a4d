/**
 * Demo sales history: about three weeks of counter sales per demo location, recorded through the real
 * checkout service and Stripe gateway against the emulator, so every card payment has a matching
 * PaymentIntent, charge, application fee and (as the clock catches up) balance and payouts. Carts use
 * variants, modifiers and discounts; about a quarter are paid in cash and some half cash, half card; each
 * location's first register opens its cash drawer every day and closes it with the cash counted. The emulator clock is moved
 * to each sale's time (`POST /_emulator/clock`) and back to now at the end; customers are played by the
 * `present_payment_method` test helper on server-driven simulated readers. Deterministic (seeded PRNG).
 * It also turns on on-reader tipping (a Terminal Configuration) for locations of tipping accounts.
 * Emulator only: it refuses to run without an emulator URL.
 */
import { randomUUID } from 'node:crypto';
import { minorUnitDigits } from '@countertop/shared';
import type { Account } from '../db/repositories/accounts.repo.ts';
import type { Location } from '../db/repositories/locations.repo.ts';
import type { Session } from '../db/repositories/sessions.repo.ts';
import { basisPointsOf } from '../domain/fees.ts';
import { localDayOf } from '../domain/local-day.ts';
import type { Clock } from '../runtime.ts';
import type { CounterContext } from '../services/auth.service.ts';
import type { DemoSeedDeps, DemoSeedResult } from './demo.ts';
import { cashHalf, cashHandedOver, pickCart, pickPayment } from './past-carts.ts';

export interface PastSalesOptions {
  /** Days of history before today (default 21). */
  days?: number;
  /** Sales per location per day, inclusive range (default 3–5). */
  salesPerDay?: [number, number];
  seed?: number;
}

const CARDS = [
  '4242424242424242',
  '5555555555554444',
  '378282246310005',
  '4000056655665556',
  '6011111111111117',
];
const DECLINE_CARD = '4000000000009995';

/** mulberry32: a small deterministic PRNG, so the demo history is the same on every install. */
function createRandom(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}

/** Milliseconds between UTC and the wall clock of `timeZone` at `utcMs` (positive east of Greenwich). */
function zoneOffsetMs(utcMs: number, timeZone: string): number {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(utcMs));
  const get = (type: string) => Number(parts.find((part) => part.type === type)?.value ?? 0);
  const asUtc = Date.UTC(
    get('year'),
    get('month') - 1,
    get('day'),
    get('hour'),
    get('minute'),
    get('second'),
  );
  return asUtc - Math.floor(utcMs / 1000) * 1000;
}

/** The UTC instant of a wall-clock time (minutes after local midnight) on the local day containing `dayUtcMs`. */
function localTimeToUtc(dayUtcMs: number, minutesAfterMidnight: number, timeZone: string): number {
  const offset = zoneOffsetMs(dayUtcMs, timeZone);
  const local = new Date(dayUtcMs + offset);
  const midnightLocalAsUtc = Date.UTC(local.getUTCFullYear(), local.getUTCMonth(), local.getUTCDate());
  const guess = midnightLocalAsUtc + minutesAfterMidnight * 60_000 - offset;
  return midnightLocalAsUtc + minutesAfterMidnight * 60_000 - zoneOffsetMs(guess, timeZone);
}

interface PlannedSale {
  atMs: number;
  location: Location;
  account: Account;
}

export async function seedPastSales(
  deps: DemoSeedDeps,
  seeded: DemoSeedResult,
  options: PastSalesOptions = {},
): Promise<void> {
  if (!deps.emulatorUrl) throw new Error('seedPastSales records demo payments on the emulator only');
  const random = createRandom(options.seed ?? 20_260_101);
  const days = options.days ?? 21;
  const [minPerDay, maxPerDay] = options.salesPerDay ?? [3, 5];
  const realNowMs = deps.clock.nowMs();
  const startedAt = Date.now();

  // The sales' own clock: each step of a sale happens at its (past) time.
  let currentMs = realNowMs;
  const clock: Clock = { nowMs: () => currentMs };
  const { checkout, payments, drawer } = deps.checkoutAt(clock);
  const { repos } = deps.database;
  const setEmulatorClock = async (ms: number) => {
    const response = await fetch(`${deps.emulatorUrl}/_emulator/clock`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ now: Math.floor(ms / 1000) }),
    });
    if (!response.ok) throw new Error(`emulator clock: ${response.status} ${await response.text()}`);
  };

  const plan: PlannedSale[] = [];
  for (const location of seeded.locations) {
    const account = seeded.accounts.find((candidate) => candidate.id === location.accountId);
    if (!account) continue;
    for (let day = days; day >= 0; day -= 1) {
      const dayMs = realNowMs - day * 86_400_000;
      const count = random.int(minPerDay, maxPerDay);
      for (let i = 0; i < count; i += 1) {
        // Opening hours 7:00–19:00 local, busier around the morning rush.
        const minutes = random.next() < 0.5 ? random.int(7 * 60, 11 * 60) : random.int(11 * 60, 19 * 60);
        const atMs = localTimeToUtc(dayMs, minutes, location.timeZone);
        if (atMs < realNowMs - 60_000) plan.push({ atMs, location, account });
      }
    }
  }
  plan.sort((a, b) => a.atMs - b.atMs);

  // Each location's first register keeps a cash drawer: opened before the day's first sale, closed after
  // its last one with the cash counted (now and then a little over or short).
  const lastOfDay = new Map<string, number>();
  for (const planned of plan) {
    lastOfDay.set(
      `${planned.location.id}:${localDayOf(planned.atMs, planned.location.timeZone)}`,
      planned.atMs,
    );
  }

  let recorded = 0;
  // First start takes a while with a long history: say how far along it is, about every tenth.
  const progressEvery = Math.max(1, Math.ceil(plan.length / 10));
  deps.log(`Seeding ${plan.length} past demo sales over ${days} days (DEMO_HISTORY_DAYS; 0 skips this)…`);
  let shifts = 0;
  try {
    for (const [index, planned] of plan.entries()) {
      if (index > 0 && index % progressEvery === 0) deps.log(`  … ${index} of ${plan.length} past sales`);
      const { location, account } = planned;
      const reader = (await repos.readers.listByLocation(location.id)).find(
        (candidate) => candidate.integration === 'server_driven',
      );
      const register = (await repos.registers.listByLocation(location.id))[0];
      const staffAtLocation = await repos.staff.listActiveAtLocation(location.id);
      if (!reader || !register || staffAtLocation.length === 0) continue;
      const staff = random.pick(staffAtLocation);
      currentMs = planned.atMs;
      await setEmulatorClock(currentMs);
      const session: Session = {
        id: `seed_${staff.id}`,
        tokenHash: '',
        staffId: staff.id,
        registerId: register.id,
        csrfToken: '',
        createdAtMs: currentMs,
        expiresAtMs: currentMs + 3_600_000,
        deviceId: null,
      };
      const counter: CounterContext = { session, staff, register, location, account };
      const unit = 10 ** minorUnitDigits(account.currency);
      if ((await drawer.current(counter)).shift === null) {
        await drawer.open(counter, { openingFloatMinor: 200 * unit });
      }
      const catalog = await checkout.getCatalog(counter);
      if (catalog.items.length === 0) continue;
      const cart = pickCart(catalog, random);
      if ((cart.items ?? []).length === 0) continue;
      const { sale } = await checkout.createSale(counter, { clientSaleId: randomUUID(), ...cart });
      recorded += 1;
      const payCard = async (saleId: string, amountMinor: number) => {
        const declinedFirst = random.next() < 0.05;
        const tipMinor =
          account.tipping.enabled && random.next() < 0.6
            ? basisPointsOf(
                amountMinor,
                random.pick(account.tipping.percentages.length ? account.tipping.percentages : [15]) * 100,
              )
            : 0;
        for (const card of declinedFirst ? [DECLINE_CARD, random.pick(CARDS)] : [random.pick(CARDS)]) {
          await checkout.startAttempt(counter, saleId, { attemptKey: randomUUID(), readerId: reader.id });
          currentMs += random.int(8, 40) * 1000;
          await payments.presentTestPaymentMethod(
            { stripeAccountId: account.stripeAccountId, chargeType: account.chargeType },
            reader.stripeReaderId,
            { cardNumber: card, ...(card === DECLINE_CARD || tipMinor === 0 ? {} : { tipMinor }) },
          );
          await checkout.syncSale(counter, saleId);
        }
      };
      if (random.next() < 0.03) {
        // A customer walks away before paying.
        await checkout.cancelSale(counter, sale.id);
      } else {
        const payment = pickPayment(random);
        if (payment === 'card') await payCard(sale.id, sale.totalMinor);
        else {
          const cashMinor = payment === 'cash' ? sale.totalMinor : cashHalf(sale.totalMinor, unit);
          await checkout.addTender(counter, sale.id, {
            tenderKey: randomUUID(),
            method: 'cash',
            amountMinor: cashMinor,
            tenderedMinor: cashHandedOver(cashMinor, account.currency, random),
          });
          if (payment === 'split') {
            const { result } = await checkout.addTender(counter, sale.id, {
              tenderKey: randomUUID(),
              method: 'card',
            });
            if (result.cardSale) await payCard(result.cardSale.id, result.cardSale.totalMinor);
          }
        }
      }
      if (lastOfDay.get(`${location.id}:${localDayOf(planned.atMs, location.timeZone)}`) === planned.atMs) {
        currentMs += 30 * 60_000;
        const open = (await drawer.current(counter)).shift;
        const roll = random.next();
        const offMinor = roll < 0.7 ? 0 : (roll < 0.85 ? -1 : 1) * random.int(1, 5) * unit;
        await drawer.close(counter, { countedMinor: Math.max(0, (open?.expectedMinor ?? 0) + offMinor) });
        shifts += 1;
      }
    }
  } finally {
    // Back to the present: the emulator catches up (captures settle, balances become available, payouts).
    currentMs = realNowMs;
    await setEmulatorClock(realNowMs);
  }
  deps.log(
    `Seeded ${recorded} past sales and ${shifts} closed drawer shifts in ${Date.now() - startedAt} ms`,
  );
}
