import { z } from 'zod';

/**
 * How the simulated channels answer the next payment-code payments (`POST /sim/micropay`):
 *  - wait: the customer must confirm on the phone (WeChat USERPAYING, Alipay WAIT_BUYER_PAY) — the order
 *    stays AWAITING_PAYMENT for `waitPolls` reads of the order, or for `waitMs` of real time, then is PAID;
 *  - refuse: the channel declines at once (NOT_ENOUGH = 余额不足, CODE_EXPIRED = 付款码已失效, DECLINED).
 * A rule applies to the next `times` new payments, of `authCode` only when one is given. Without a rule a
 * well-formed code pays at once.
 */
export const MICROPAY_REFUSALS = { NOT_ENOUGH: 'PAY_NOT_ENOUGH', CODE_EXPIRED: 'AUTH_CODE_EXPIRED', DECLINED: 'PAY_DECLINED' } as const;
export type MicropayRefusal = keyof typeof MICROPAY_REFUSALS;

export const MicropayKnobSchema = z.object({
  authCode: z.string().min(1).max(32).optional(),
  waitPolls: z.number().int().min(1).max(1000).optional(),
  waitMs: z.number().int().min(1).max(600_000).optional(),
  refuse: z.enum(['NOT_ENOUGH', 'CODE_EXPIRED', 'DECLINED']).optional(),
  times: z.number().int().min(1).default(1),
  clear: z.boolean().optional(),
}).refine((r) => !(r.refuse && (r.waitPolls || r.waitMs)), { message: 'refuse and wait exclude each other' })
  .refine((r) => !(r.waitPolls && r.waitMs), { message: 'waitPolls or waitMs, not both' });
export type MicropayKnob = z.input<typeof MicropayKnobSchema>;

export interface MicropayRule {
  authCode: string | null;
  waitPolls: number | null;
  waitMs: number | null;
  refuse: MicropayRefusal | null;
  remaining: number;
}

export class MicropayKnobs {
  private rules: MicropayRule[] = [];

  /** Adds a rule (or clears all first with `clear`); returns the rules now armed. */
  apply(knob: MicropayKnob): MicropayRule[] {
    const k = MicropayKnobSchema.parse(knob);
    if (k.clear) this.rules = [];
    if (k.waitPolls || k.waitMs || k.refuse) {
      this.rules.push({
        authCode: k.authCode ?? null, waitPolls: k.waitPolls ?? null, waitMs: k.waitMs ?? null, refuse: k.refuse ?? null, remaining: k.times,
      });
    }
    return this.snapshot();
  }

  /** Consumes one use of the first rule for this code, if any. */
  take(authCode: string): MicropayRule | null {
    const rule = this.rules.find((r) => r.remaining > 0 && (r.authCode === null || r.authCode === authCode));
    if (!rule) return null;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return { ...rule };
  }

  snapshot(): MicropayRule[] {
    return this.rules.map((r) => ({ ...r }));
  }

  clear(): void {
    this.rules = [];
  }
}
