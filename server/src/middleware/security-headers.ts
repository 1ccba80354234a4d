/**
 * Security headers on every response (Hono `secureHeaders`): a Content-Security-Policy that allows only
 * what the POS client needs — its own scripts (incl. the emulated Terminal SDK at /_emulator/terminal.js),
 * its styles (inline styles too: receipts and the API docs page carry a <style> block), images from self
 * and data: URLs, XHR/fetch to its own origin — plus, with real Stripe, Stripe's Terminal JS SDK and the
 * origins it talks to; no framing (frame-ancestors 'none', X-Frame-Options DENY), nosniff, no referrer,
 * and HSTS only when served over HTTPS.
 */
import type { StripeMode } from '@countertop/shared';
import { secureHeaders } from 'hono/secure-headers';

/** What Stripe's hosted Terminal JS SDK loads and calls (real Stripe mode only). */
const STRIPE_TERMINAL_SCRIPT = 'https://js.stripe.com';
const STRIPE_TERMINAL_CONNECT = [
  'https://api.stripe.com',
  'https://*.stripe.com',
  'https://*.stripe-terminal-local-reader.net',
];

export function buildContentSecurityPolicy(stripeMode: StripeMode) {
  const stripe = stripeMode === 'stripe';
  return {
    defaultSrc: ["'self'"],
    scriptSrc: ["'self'", ...(stripe ? [STRIPE_TERMINAL_SCRIPT] : [])],
    styleSrc: ["'self'", "'unsafe-inline'"],
    imgSrc: ["'self'", 'data:'],
    fontSrc: ["'self'"],
    connectSrc: ["'self'", ...(stripe ? STRIPE_TERMINAL_CONNECT : [])],
    frameSrc: stripe ? [STRIPE_TERMINAL_SCRIPT] : ["'none'"],
    objectSrc: ["'none'"],
    baseUri: ["'self'"],
    formAction: ["'self'"],
    frameAncestors: ["'none'"],
  };
}

export function securityHeaders(options: { stripeMode: StripeMode; https: boolean }) {
  return secureHeaders({
    contentSecurityPolicy: buildContentSecurityPolicy(options.stripeMode),
    xFrameOptions: 'DENY',
    xContentTypeOptions: true,
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: options.https ? 'max-age=15552000; includeSubDomains' : false,
  });
}
