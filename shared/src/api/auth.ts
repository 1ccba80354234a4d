import { z } from 'zod';
import { normalizePairingCode, PAIRING_CODE_PATTERN, PIN_PATTERN } from './auth-constants.ts';

/**
 * Counter sign-in contract. A device is paired with a register once, with a one-time pairing code from the
 * console (`POST /api/counter/pairing`); it then keeps a register token in an HttpOnly cookie. Only a paired
 * device is shown its register's staff list (`GET /api/counter/register`) and may sign staff in with a PIN
 * (`POST /api/counter/session`); the server answers with a CounterSession and a CSRF token for writes.
 */

/** A pairing code as typed: spaces and dashes dropped, upper-cased. */
export const PairingCodeSchema = z
  .string()
  .max(32)
  .transform(normalizePairingCode)
  .pipe(z.string().regex(PAIRING_CODE_PATTERN, 'a pairing code of 8 letters and digits, like 7KQ4-M2XH'));

/** `POST /api/counter/pairing` body: the one-time code the console showed. */
export const PairDeviceBodySchema = z.object({ code: PairingCodeSchema });
export type PairDeviceBody = z.infer<typeof PairDeviceBodySchema>;

export const StaffRoleSchema = z.enum(['staff', 'manager']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

/**
 * What a role may do (docs/SHOP.md): `discounts` custom discounts at the counter, `refunds` refunds and
 * voids at the counter, `cash_drawer` open and close the drawer and pay cash in or out, `reports` the
 * merchant's sales reports and past shifts' Z reports. The owner sets them per role.
 */
export const PermissionSchema = z.enum(['discounts', 'refunds', 'cash_drawer', 'reports']);
export type Permission = z.infer<typeof PermissionSchema>;
export const PERMISSIONS: readonly Permission[] = PermissionSchema.options;

/** What each role may do until the owner changes it. */
export const DEFAULT_ROLE_PERMISSIONS: Readonly<Record<StaffRole, readonly Permission[]>> = {
  manager: ['discounts', 'refunds', 'cash_drawer', 'reports'],
  staff: ['cash_drawer'],
};

export const ChargeTypeSchema = z.enum(['direct', 'destination']);
export type ChargeType = z.infer<typeof ChargeTypeSchema>;

/**
 * `GET /api/counter/register` and the pairing's answer: the paired device's register, its location,
 * merchant and the staff who may sign in there (names only). `csrfToken`: the device's, to send as
 * `x-csrf-token` with the PIN sign-in and with unpairing.
 */
export const RegisterSignInInfoSchema = z.object({
  register: z.object({ code: z.string(), name: z.string() }),
  /** `country`: ISO 3166-1 alpha-2 (`US`, `JP`): the location's, for its language and formats. */
  location: z.object({ id: z.string(), name: z.string(), timeZone: z.string(), country: z.string() }),
  account: z.object({ id: z.string(), businessName: z.string(), currency: z.string() }),
  staff: z.array(z.object({ id: z.string(), displayName: z.string() })),
  csrfToken: z.string(),
});
export type RegisterSignInInfo = z.infer<typeof RegisterSignInInfoSchema>;

/** `POST /api/counter/session` body (on a paired device: the register is the device's). */
export const SignInBodySchema = z.object({
  staffId: z.string().min(1).max(64),
  pin: z.string().regex(PIN_PATTERN, 'a PIN of 4 to 8 digits'),
});
export type SignInBody = z.infer<typeof SignInBodySchema>;

const TippingSettingsSchema = z.object({
  enabled: z.boolean(),
  /** Suggested tip percentages shown to the customer, e.g. [15, 18, 20]. */
  percentages: z.array(z.number().int().min(0).max(100)),
});

/** Who is signed in where: everything the counter UI needs to take payments. */
const CounterSessionSchema = z.object({
  staff: z.object({
    id: z.string(),
    displayName: z.string(),
    role: StaffRoleSchema,
    /** What this person may do without someone else's approval. */
    permissions: z.array(PermissionSchema),
  }),
  register: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  location: z.object({
    id: z.string(),
    name: z.string(),
    /** IANA time zone, e.g. America/Los_Angeles. */
    timeZone: z.string(),
    /** ISO 3166-1 alpha-2 (`US`, `JP`): money and dates are formatted for this country's locale. */
    country: z.string(),
    stripeLocationId: z.string().nullable(),
  }),
  account: z.object({
    id: z.string(),
    businessName: z.string(),
    /** Lower-case ISO currency; amounts are minor units of it. */
    currency: z.string(),
    chargeType: ChargeTypeSchema,
    /** False while Stripe onboarding is incomplete; the counter then refuses card sales. */
    canCharge: z.boolean(),
    cannotChargeReason: z.string().nullable(),
    tipping: TippingSettingsSchema,
  }),
});
export type CounterSession = z.infer<typeof CounterSessionSchema>;

/** `POST`/`GET /api/counter/session` response. */
export const SessionResponseSchema = z.object({
  session: CounterSessionSchema,
  csrfToken: z.string(),
});
export type SessionResponse = z.infer<typeof SessionResponseSchema>;
