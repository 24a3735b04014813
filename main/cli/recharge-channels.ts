import { AppError } from '../../contract/errors';
import { channelOfAuthCode } from '../../contract/payment-code';
import { badSlipField, POS_FIELD_PATTERNS, type PosSlipEntry } from '../../contract/pos';
import type { Fen } from '../../contract/money';
import type { Settings } from '../../contract/settings';

/** The flags of `recharge` that choose how the customer pays (docs/architecture.md §5, docs/pos.md). */
export const CHANNEL_OPTIONS = {
  channel: { type: 'string', default: 'wechat' },
  'auth-code': { type: 'string' },
  'pos-reference': { type: 'string' },
  'pos-voucher': { type: 'string' },
  'pos-terminal': { type: 'string' },
  'pos-merchant': { type: 'string' },
} as const;

export type ChannelFlags = { channel?: string } & Partial<Record<'auth-code' | 'pos-reference' | 'pos-voucher' | 'pos-terminal' | 'pos-merchant', string>>;

/** How this run pays: a QR order, the customer's payment code, or a POS slip typed from the command line. */
export type CliPayment =
  | { kind: 'qr'; channel: 'wechat' | 'alipay' }
  | { kind: 'code'; authCode: string }
  | { kind: 'pos'; slip: PosSlipEntry; merchantNo: string | undefined };

/**
 * Reads the channel flags, refusing a wrong or missing one with INVALID_INPUT (a payment code of the wrong
 * shape with AUTH_CODE_INVALID) before anything is read, journaled or ordered.
 */
export function cliPayment(v: ChannelFlags, amountFen: Fen, channelGiven: boolean): CliPayment {
  const posFlags = (['pos-reference', 'pos-voucher', 'pos-terminal', 'pos-merchant'] as const).filter((f) => v[f] !== undefined);
  const code = v['auth-code'];
  if (code !== undefined) {
    if (posFlags.length > 0) throw new AppError('INVALID_INPUT', { detail: '--auth-code with --pos-* flags' });
    const channel = channelOfAuthCode(code.trim());
    if (!channel) throw new AppError('AUTH_CODE_INVALID');
    if (channelGiven && v.channel !== channel) throw new AppError('INVALID_INPUT', { detail: `--channel ${v.channel}: the payment code is ${channel}'s` });
    return { kind: 'code', authCode: code.trim() };
  }
  if (v.channel === 'pos') {
    const slip = { referenceNo: v['pos-reference'] ?? '', voucherNo: v['pos-voucher'] ?? '', posTerminalNo: v['pos-terminal'] ?? '', amountFen };
    const missing = (['pos-reference', 'pos-voucher', 'pos-terminal'] as const).find((f) => v[f] === undefined);
    if (missing) throw new AppError('INVALID_INPUT', { detail: `--channel pos needs --${missing}` });
    const bad = badSlipField(slip);
    if (bad) throw new AppError('INVALID_INPUT', { detail: `--pos-${bad === 'referenceNo' ? 'reference' : bad === 'voucherNo' ? 'voucher' : 'terminal'}: ${slip[bad]}` });
    const merchantNo = v['pos-merchant'];
    if (merchantNo !== undefined && !POS_FIELD_PATTERNS.merchantNo.test(merchantNo)) throw new AppError('INVALID_INPUT', { detail: '--pos-merchant: 15 digits' });
    return { kind: 'pos', slip, merchantNo };
  }
  if (posFlags.length > 0) throw new AppError('INVALID_INPUT', { detail: `--${posFlags[0]} needs --channel pos` });
  if (v.channel !== 'wechat' && v.channel !== 'alipay') throw new AppError('INVALID_INPUT', { detail: '--channel wechat|alipay|pos' });
  return { kind: 'qr', channel: v.channel };
}

/**
 * A slip typed on the command line is manual entry whatever the counter's POS mode (a fallback when the
 * MIS-POS link is down); its merchant is `--pos-merchant`, else the settings' pos.merchantNo.
 */
export function manualPosSettings(settings: Settings, merchantNo: string | undefined): Settings {
  return { ...settings, pos: { mode: 'manual', merchantNo: merchantNo ?? settings.pos.merchantNo } };
}
