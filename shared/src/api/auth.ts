import { z } from 'zod';

/**
 * Counter sign-in contract: a paired register shows its staff list; staff sign in
 * with a PIN; the server answers with a CounterSession and a CSRF token for mutating requests.
 */

/** A staff PIN: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;
/** Register codes are upper-case letters, digits and dashes, e.g. `MISSION-1`. */
export const REGISTER_CODE_PATTERN = /^[A-Z0-9][A-Z0-9-]{0,31}$/;
/** Header that must echo the session's csrfToken on every mutating request. */
export const CSRF_HEADER = 'x-csrf-token';
/**
 * HttpOnly cookie carrying the session token. Over https every cookie name gets the `__Host-` prefix
 * (`__Host-ct_session`); the client never reads cookies, so it never needs their names.
 */
export const SESSION_COOKIE = 'ct_session';
/** HttpOnly cookie of a paired register device (its register token; only its hash is stored). */
export const REGISTER_DEVICE_COOKIE = 'ct_register';

const RegisterCodeSchema = z.string().regex(REGISTER_CODE_PATTERN, 'a register code like MISSION-1');

export const StaffRoleSchema = z.enum(['staff', 'manager']);
export type StaffRole = z.infer<typeof StaffRoleSchema>;

export const ChargeTypeSchema = z.enum(['direct', 'destination']);
export type ChargeType = z.infer<typeof ChargeTypeSchema>;

/** `GET /api/counter/registers/:registerCode`: public, names only. */
export const RegisterSignInInfoSchema = z.object({
  register: z.object({ code: z.string(), name: z.string() }),
  location: z.object({ id: z.string(), name: z.string(), timeZone: z.string() }),
  account: z.object({ id: z.string(), businessName: z.string(), currency: z.string() }),
  staff: z.array(z.object({ id: z.string(), displayName: z.string() })),
});
export type RegisterSignInInfo = z.infer<typeof RegisterSignInInfoSchema>;

export const RegisterCodeParamSchema = z.object({ registerCode: RegisterCodeSchema });

/** `POST /api/counter/session` body. */
export const SignInBodySchema = z.object({
  registerCode: RegisterCodeSchema,
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
  staff: z.object({ id: z.string(), displayName: z.string(), role: StaffRoleSchema }),
  register: z.object({ id: z.string(), code: z.string(), name: z.string() }),
  location: z.object({
    id: z.string(),
    name: z.string(),
    /** IANA time zone, e.g. America/Los_Angeles. */
    timeZone: z.string(),
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
