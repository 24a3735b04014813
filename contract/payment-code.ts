import type { PayChannel } from './recharge';

/**
 * The customer's payment code (付款码), as a USB scanner types it at the counter: which channel it
 * belongs to, from its shape alone (docs/architecture.md §3b). Shared by the host simulator, which
 * refuses a code of the wrong shape, and the app, which must refuse it before any order is made.
 *  - WeChat Pay: 18 digits, starting 10–15;
 *  - Alipay: 16–24 digits, starting 25–30.
 * The code is matched as given: the caller trims the scanner's Enter and spaces first.
 */
export type AuthCodeChannel = Extract<PayChannel, 'wechat' | 'alipay'>;

const SHAPES: ReadonlyArray<{ channel: AuthCodeChannel; pattern: RegExp }> = [
  { channel: 'wechat', pattern: /^1[0-5]\d{16}$/ },
  { channel: 'alipay', pattern: /^(?:2[5-9]|30)\d{14,22}$/ },
];

/** The channel a payment code belongs to, or null when it has neither shape. */
export function channelOfAuthCode(code: string): AuthCodeChannel | null {
  return SHAPES.find((s) => s.pattern.test(code))?.channel ?? null;
}

/** The code as it may appear on a screen, a log or paper: first 4 and last 4 digits only. */
export function maskAuthCode(code: string): string {
  return code.length <= 8 ? '*'.repeat(code.length) : `${code.slice(0, 4)}${'*'.repeat(code.length - 8)}${code.slice(-4)}`;
}
