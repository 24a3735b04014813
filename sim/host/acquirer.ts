import { z } from 'zod';
import type { PosVoucher } from '../../contract/host-api';
import { PosVoucherSchema } from '../../contract/host-schemas';
import { formatYuan } from '../../contract/money';
import { digits } from './channels';
import { beijing, type Now } from './clock';
import { conflict } from './errors';
import type { HostStore } from './store';

/**
 * The acquiring bank's ledger of POS charges (收单), as the issuer host sees it when it checks a POS voucher
 * (docs/architecture.md §3b). A slip is identified by merchant no, POS terminal no, reference no and the
 * Beijing date of the charge; it funds at most one order, ever. Slips come from `POST /sim/acquirer/slips`
 * (tests, the training panel) or from `charge()`, which a simulated MIS-POS calls to book what it charged.
 */
export const AcquirerSlipSchema = PosVoucherSchema.partial({ batchNo: true, authCode: true, cardNoMasked: true })
  .extend({ amountFen: z.number().int().min(1).max(0xffff_ffff) });
export type AcquirerSlipInput = z.input<typeof AcquirerSlipSchema>;
export type AcquirerSlip = z.output<typeof AcquirerSlipSchema> & { slipDate: string; orderId: string | null };

interface SlipRow {
  merchantNo: string; posTerminalNo: string; referenceNo: string; slipDate: string; batchNo: string | null; voucherNo: string;
  authCode: string | null; cardNoMasked: string | null; amountFen: number; at: string; orderId: string | null;
}
const COLUMNS = `merchant_no AS merchantNo, pos_terminal_no AS posTerminalNo, reference_no AS referenceNo, slip_date AS slipDate,
  batch_no AS batchNo, voucher_no AS voucherNo, auth_code AS authCode, card_no_masked AS cardNoMasked, amount_fen AS amountFen, at,
  order_id AS orderId`;
const KEY = 'merchant_no = @merchantNo AND pos_terminal_no = @posTerminalNo AND reference_no = @referenceNo AND slip_date = @slipDate';

const fromRow = (r: SlipRow): AcquirerSlip => ({ ...r });
const slipDateOf = (at: string) => beijing(new Date(at)).day;

export class AcquirerLedger {
  constructor(private readonly store: HostStore, private readonly now: Now) {}

  /** Books a slip; the same slip again is a no-op, another one under the same key is POS_SLIP_CONFLICT. */
  add(input: AcquirerSlipInput): AcquirerSlip {
    const s = AcquirerSlipSchema.parse(input);
    const row: SlipRow = {
      merchantNo: s.merchantNo, posTerminalNo: s.posTerminalNo.toUpperCase(), referenceNo: s.referenceNo.toUpperCase(),
      slipDate: slipDateOf(s.at), batchNo: s.batchNo ?? null, voucherNo: s.voucherNo, authCode: s.authCode?.toUpperCase() ?? null,
      cardNoMasked: s.cardNoMasked ?? null, amountFen: s.amountFen, at: new Date(s.at).toISOString(), orderId: null,
    };
    return this.store.tx(() => {
      const existing = this.find(row);
      if (existing) {
        const same = (['batchNo', 'voucherNo', 'authCode', 'cardNoMasked', 'amountFen', 'at'] as const).every((k) => existing[k] === row[k]);
        if (!same) throw conflict('POS_SLIP_CONFLICT', { referenceNo: row.referenceNo });
        return fromRow(existing);
      }
      this.store.db.prepare(`INSERT INTO acquirer_slips (merchant_no, pos_terminal_no, reference_no, slip_date, batch_no, voucher_no,
        auth_code, card_no_masked, amount_fen, at) VALUES (@merchantNo, @posTerminalNo, @referenceNo, @slipDate, @batchNo,
        @voucherNo, @authCode, @cardNoMasked, @amountFen, @at)`).run(row);
      return fromRow(row);
    });
  }

  /**
   * What a simulated POS does when it charges a card: the acquirer numbers the charge (batch, voucher,
   * reference, auth code), books the slip and hands back the voucher the POS prints.
   */
  charge(c: { merchantNo: string; posTerminalNo: string; amountFen: number; cardNoMasked?: string | null; at?: string }): PosVoucher & { amountFen: number } {
    const at = c.at ?? this.now().toISOString();
    const count = (this.store.db.prepare('SELECT COUNT(*) AS n FROM acquirer_slips WHERE merchant_no = ? AND pos_terminal_no = ?')
      .get(c.merchantNo, c.posTerminalNo) as { n: number }).n;
    const voucherNo = String(count + 1).padStart(6, '0');
    const voucher: PosVoucher = {
      merchantNo: c.merchantNo, posTerminalNo: c.posTerminalNo, batchNo: '000001', voucherNo,
      referenceNo: `${beijing(new Date(at)).time}${voucherNo}`, authCode: digits(6), cardNoMasked: c.cardNoMasked ?? '622848******0018', at,
    };
    this.add({ ...voucher, amountFen: c.amountFen });
    return { ...voucher, amountFen: c.amountFen };
  }

  slip(key: Pick<PosVoucher, 'merchantNo' | 'posTerminalNo' | 'referenceNo' | 'at'>): AcquirerSlip | null {
    const r = this.find({ ...key, posTerminalNo: key.posTerminalNo.toUpperCase(), referenceNo: key.referenceNo.toUpperCase(), slipDate: slipDateOf(key.at) });
    return r ? fromRow(r) : null;
  }

  /**
   * Checks a voucher against the ledger and ties its slip to `orderId` (call inside the order's
   * transaction). Refusals: no such slip, the slip already funds another order (named), a field or the
   * amount differs from the slip. A field is compared where both the voucher and the slip have it: a slip
   * the operator typed has no batch no, auth code or card mask. Answers the slip as the acquirer knows
   * it (its fields where it has them, the voucher's otherwise), which the order keeps.
   */
  claim(v: PosVoucher, amountFen: number, orderId: string): PosVoucher {
    const slip = this.slip(v);
    if (!slip) throw conflict('POS_SLIP_NOT_FOUND', { referenceNo: v.referenceNo, date: slipDateOf(v.at) });
    if (slip.orderId !== null && slip.orderId !== orderId) throw conflict('POS_SLIP_USED', { referenceNo: slip.referenceNo, orderId: slip.orderId });
    const differs = ([
      ['voucherNo', slip.voucherNo !== v.voucherNo],
      ['batchNo', slip.batchNo != null && v.batchNo !== null && slip.batchNo !== v.batchNo],
      ['authCode', slip.authCode != null && v.authCode !== null && slip.authCode !== v.authCode.toUpperCase()],
      ['cardNoMasked', slip.cardNoMasked != null && v.cardNoMasked !== null && !sameCard(slip.cardNoMasked, v.cardNoMasked)],
    ] as const).find(([, d]) => d);
    if (differs) throw conflict('POS_SLIP_MISMATCH', { field: differs[0], referenceNo: slip.referenceNo });
    if (slip.amountFen !== amountFen) {
      throw conflict('POS_AMOUNT_MISMATCH', { slipYuan: formatYuan(slip.amountFen), orderYuan: formatYuan(amountFen) });
    }
    const { merchantNo, posTerminalNo, referenceNo, slipDate } = slip;
    this.store.db.prepare(`UPDATE acquirer_slips SET order_id = @orderId WHERE ${KEY}`).run({ merchantNo, posTerminalNo, referenceNo, slipDate, orderId });
    return {
      merchantNo: v.merchantNo, posTerminalNo: slip.posTerminalNo, batchNo: slip.batchNo ?? v.batchNo, voucherNo: slip.voucherNo,
      referenceNo: slip.referenceNo, authCode: slip.authCode ?? v.authCode, cardNoMasked: slip.cardNoMasked ?? v.cardNoMasked,
      at: Date.parse(v.at) === Date.parse(slip.at) ? v.at : slip.at,
    };
  }

  private find(k: Pick<SlipRow, 'merchantNo' | 'posTerminalNo' | 'referenceNo' | 'slipDate'>): SlipRow | null {
    const { merchantNo, posTerminalNo, referenceNo, slipDate } = k;
    return (this.store.db.prepare(`SELECT ${COLUMNS} FROM acquirer_slips WHERE ${KEY}`)
      .get({ merchantNo, posTerminalNo, referenceNo, slipDate }) as SlipRow | undefined) ?? null;
  }
}

/** Two masks of one card: the same first 6 and last 4 digits (the number of `*` may differ). */
function sameCard(a: string, b: string): boolean {
  return a.slice(0, 6) === b.slice(0, 6) && a.slice(-4) === b.slice(-4);
}
