import { z } from 'zod';

/**
 * Web console sign-in contract (platform admins and merchant owners): email + password sessions in the
 * HttpOnly SameSite=Strict cookie `ct_console`, a CSRF token echoed in `x-csrf-token` on every write
 * (same header as the counter), and invitations through which a platform admin brings in a merchant owner.
 */

/** HttpOnly cookie carrying the console session token. */
export const CONSOLE_SESSION_COOKIE = 'ct_console';
/** HttpOnly cookie of a browser a console user has signed in from before (sign-in limits trust it). */
export const CONSOLE_BROWSER_COOKIE = 'ct_browser';

/** Passwords: 10 to 200 characters (length is what matters; no composition rules). */
const PASSWORD_MIN_LENGTH = 10;
const PasswordSchema = z
  .string()
  .min(PASSWORD_MIN_LENGTH, `a password of at least ${PASSWORD_MIN_LENGTH} characters`)
  .max(200);

export const EmailSchema = z
  .string()
  .trim()
  .max(254)
  .email('an email address like name@example.com')
  .transform((email) => email.toLowerCase());

const ConsoleRoleSchema = z.enum(['platform_admin', 'merchant_owner']);
export type ConsoleRole = z.infer<typeof ConsoleRoleSchema>;

const ConsoleUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: ConsoleRoleSchema,
  /** The merchant owner's account (our `acc_…` id); null for platform admins. */
  accountId: z.string().nullable(),
});
export type ConsoleUser = z.infer<typeof ConsoleUserSchema>;

/** `POST /api/console/session` body. */
export const ConsoleSignInBodySchema = z.object({
  email: EmailSchema,
  password: z.string().min(1).max(200),
});
export type ConsoleSignInBody = z.infer<typeof ConsoleSignInBodySchema>;

/** `POST`/`GET /api/console/session` response, and the invitation acceptance's. */
export const ConsoleSessionResponseSchema = z.object({
  user: ConsoleUserSchema,
  csrfToken: z.string(),
});
export type ConsoleSessionResponse = z.infer<typeof ConsoleSessionResponseSchema>;

/** `POST /api/console/invitations` body (platform admin): invite a merchant owner into an account. */
export const CreateInvitationBodySchema = z.object({
  email: EmailSchema,
  accountId: z.string().min(1).max(64),
});
export type CreateInvitationBody = z.infer<typeof CreateInvitationBodySchema>;

export const InvitationCreatedSchema = z.object({
  invitation: z.object({
    id: z.string(),
    email: z.string(),
    accountId: z.string(),
    expiresAt: z.string(),
  }),
});
export type InvitationCreated = z.infer<typeof InvitationCreatedSchema>;

export const InvitationTokenParamSchema = z.object({ token: z.string().min(16).max(128) });

/** `GET /api/console/invitations/:token` (public): what the acceptance page shows. */
export const InvitationInfoSchema = z.object({
  email: z.string(),
  businessName: z.string(),
});
export type InvitationInfo = z.infer<typeof InvitationInfoSchema>;

/** `POST /api/console/invitations/:token/accept` body. */
export const AcceptInvitationBodySchema = z.object({ password: PasswordSchema });
export type AcceptInvitationBody = z.infer<typeof AcceptInvitationBodySchema>;

/** `POST /api/console/password` body: the current password and the new one (every other session ends). */
export const ChangePasswordBodySchema = z.object({
  currentPassword: z.string().min(1).max(200),
  newPassword: PasswordSchema,
});
export type ChangePasswordBody = z.infer<typeof ChangePasswordBodySchema>;

/** `DELETE /api/console/sessions` answer: how many sessions were ended (this one included). */
export const SignedOutEverywhereSchema = z.object({ endedSessions: z.number() });
