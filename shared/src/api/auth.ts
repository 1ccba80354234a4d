import { z } from 'zod';
import { PIN_PATTERN, REGISTER_CODE_PATTERN } from './auth-constants.ts';

/**
 * Counter sign-in contract: a paired register shows its staff list; staff sign in
 * with a PIN; the server answers with a CounterSession and a CSRF token for mutating requests.
 */

const RegisterCodeSchema = z.string().regex(REGISTER_CODE_PATTERN, 'a register code like MISSION-1');

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
