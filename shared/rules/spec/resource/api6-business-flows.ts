/**
 * API6: operations that look like sensitive business flows (buying, booking, signing up,
 * redeeming, voting, transferring) with nothing in the contract against automation: no 429, no
 * idempotency key and no captcha or attestation input. Only the business owner can say whether
 * a flow is sensitive, so every finding is a candidate to confirm.
 */
import type { Operation } from '../../../model/spec.js';
import { normalizeName } from '../../dictionaries.js';
import { defineSpecRule } from '../../define-rule.js';
import { documents429 } from './api4-rate-limits.js';
import { requestFields } from './operation-fields.js';

/** Flow words, matched against whole words of the path and operationId. */
const FLOW_WORDS: Record<string, string> = {
  checkout: 'checkout',
  purchase: 'purchase',
  purchases: 'purchase',
  buy: 'purchase',
  order: 'order',
  orders: 'order',
  book: 'booking',
  booking: 'booking',
  bookings: 'booking',
  reserve: 'reservation',
  reservation: 'reservation',
  reservations: 'reservation',
  signup: 'sign-up',
  register: 'sign-up',
  registration: 'sign-up',
  registrations: 'sign-up',
  referral: 'referral',
  referrals: 'referral',
  refer: 'referral',
  invite: 'invitation',
  invites: 'invitation',
  invitation: 'invitation',
  invitations: 'invitation',
  coupon: 'coupon',
  coupons: 'coupon',
  redeem: 'redemption',
  redemption: 'redemption',
  voucher: 'voucher',
  vouchers: 'voucher',
  promo: 'promotion',
  vote: 'vote',
  votes: 'vote',
  upvote: 'vote',
  like: 'like',
  likes: 'like',
  love: 'like',
  loves: 'like',
  comment: 'comment',
  comments: 'comment',
  review: 'review',
  reviews: 'review',
  transfer: 'transfer',
  transfers: 'transfer',
  withdraw: 'withdrawal',
  withdrawal: 'withdrawal',
  withdrawals: 'withdrawal',
  payout: 'payout',
  payouts: 'payout',
};

/** Words of a path or identifier: `/api/v1/signUp`, `create_order` → api, v1, sign, up, create, order. */
export function wordsOf(text: string): string[] {
  return text
    .replace(/\{[^}]*\}/g, ' ')
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter(Boolean);
}

export function flowOf(op: Operation): string | undefined {
  for (const source of [op.path, op.operationId ?? '']) {
    const words = wordsOf(source);
    for (let i = 0; i < words.length; i++) {
      const w = words[i]!;
      const joined = w + (words[i + 1] ?? '');
      const flow = FLOW_WORDS[w] ?? (joined === 'signup' ? 'sign-up' : undefined);
      if (flow) return flow;
    }
  }
  return undefined;
}

const ANTI_AUTOMATION = /captcha|turnstile|attestation|appcheck|deviceintegrity|playintegrity|safetynet|devicecheck|proofofwork|botscore|recaptcha|hcaptcha/;

/** Calls that end a flow (cancel, expire, void...) are not what automation abuses. */
const WINDING_DOWN = /\/(cancel|expire|void|close|archive|reject|decline)$/i;

export function hasIdempotencyKey(op: Operation): boolean {
  return op.parameters.some((p) => p.in === 'header' && /idempoten/.test(normalizeName(p.name)));
}

export function hasAntiAutomationInput(op: Operation): boolean {
  return requestFields(op).some((f) => f.name !== '' && ANTI_AUTOMATION.test(normalizeName(f.name)));
}

export const unprotectedBusinessFlow = defineSpecRule({
  id: 'spec.api6.business-flow-unprotected',
  title: 'Business flow with no documented anti-automation',
  severity: 'medium',
  confidence: 'candidate',
  controls: ['API6:2023', 'API4:2023'],
  equivalents: [],
  rationale:
    'Flows such as checkout, booking, sign-up, referral, coupon redemption, voting or transfers hurt the business when scripted at scale (stock bought out, slots blocked, rewards farmed) even without any bug. A flow with no rate limit, no idempotency key and no captcha or device attestation offers nothing against that in its contract.',
  remediation:
    'Ask the business owner whether the flow is sensitive; if it is, add per-account and per-device limits (documented 429), an Idempotency-Key header for money-moving calls, and a human or device check (captcha, app attestation) proportionate to the risk.',
  check(ctx) {
    for (const op of ctx.spec.operations) {
      if (op.method !== 'post' && op.method !== 'put' && op.method !== 'patch') continue;
      const flow = flowOf(op);
      if (!flow || WINDING_DOWN.test(op.path) || documents429(op) || hasIdempotencyKey(op) || hasAntiAutomationInput(op)) continue;
      ctx.report(op.at, {
        message: `${op.endpoint} looks like ${/^[aeiou]/.test(flow) ? 'an' : 'a'} ${flow} flow and documents no 429 response, no idempotency key and no captcha or attestation input; a business owner must confirm whether automated use of it is a risk.`,
        endpoints: [op.endpoint],
      });
    }
  },
});
