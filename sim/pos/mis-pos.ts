import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import {
  decodeRequest, encodeAnswer, MIS_APPROVED, MIS_NOT_FOUND, MIS_SALE, type MisAnswer,
} from '../../contract/mis-pos';
import type { PosVoucher } from '../../contract/pos';

/**
 * A simulated integrated MIS-POS (docs/pos.md) for training and tests: it speaks the line of
 * contract/mis-pos.ts and books every sale with the acquirer — the host simulator's ledger
 * (sim/host/acquirer.ts), in process or over `POST /sim/acquirer/charges` — so the voucher it answers
 * pays a host order like a real slip. Like a real POS it charges every sale it is sent (it does not
 * dedupe by our reference: that is the counter's duty), and it remembers each answer by our reference for
 * the result query. Its memory and its fault switches live in a state file when one is given, so a
 * counter process that dies mid-sale finds the POS as it was, and a test can arm a fault for another process.
 */

/** What the POS asks the acquirer for one sale: the numbered voucher back. */
export type BookCharge = (c: { merchantNo: string; posTerminalNo: string; amountFen: number; cardNoMasked: string }) =>
  Promise<PosVoucher & { amountFen: number }> | (PosVoucher & { amountFen: number });

export interface SimMisPosOptions {
  merchantNo: string;
  posTerminalNo: string;
  book: BookCharge;
  /** The card the simulated customer presents (masked). */
  cardNoMasked?: string;
  /** JSON file for the answers and fault switches (default: memory only). */
  statePath?: string;
  /** How long the simulated customer takes to present the card and type the PIN (default 0). */
  swipeMs?: number;
  /** How long a switched-on timeout waits before failing (capped by the caller's timeout; default 200 ms). */
  timeoutAfterMs?: number;
}

export const SimPosFaultsSchema = z.object({
  /** The next N sales are charged and booked, then never answered (POS_LINK_TIMEOUT). */
  timeoutAfterCharge: z.number().int().min(0).default(0),
  /** The next N result queries time out too. */
  queryTimeouts: z.number().int().min(0).default(0),
  /** The next sale is declined with this answer code (nothing charged). */
  decline: z.string().regex(/^[0-9A-Z]{2}$/).nullable().default(null),
});
export type SimPosFaults = z.infer<typeof SimPosFaultsSchema>;

const StateSchema = z.object({
  answers: z.record(z.string(), z.string()).default({}),
  sales: z.record(z.string(), z.number().int()).default({}),
  faults: SimPosFaultsSchema.default({ timeoutAfterCharge: 0, queryTimeouts: 0, decline: null }),
});
type State = z.infer<typeof StateSchema>;

export class SimMisPos {
  private memory: State = StateSchema.parse({});

  constructor(private readonly o: SimMisPosOptions) {}

  /** Arms fault switches (merged with those armed already). */
  setFaults(f: Partial<SimPosFaults>): void {
    const s = this.load();
    s.faults = { ...s.faults, ...f };
    this.save(s);
  }

  /** How many sales the POS received for `orderRef` (each one charged the card). */
  sales(orderRef: string): number {
    return this.load().sales[orderRef] ?? 0;
  }

  async transact(request: string, timeoutMs: number): Promise<string> {
    const req = decodeRequest(request);
    if (!req) throw new AppError('POS_LINK_DOWN', { detail: 'malformed request line' });
    const s = this.load();
    if (req.type !== MIS_SALE) {
      if (s.faults.queryTimeouts > 0) {
        s.faults.queryTimeouts -= 1;
        this.save(s);
        return this.timeout(timeoutMs);
      }
      return s.answers[req.orderRef] ?? this.answer(MIS_NOT_FOUND, req.orderRef, 0, null, t('POS_ANSWER_25'));
    }
    if (this.o.swipeMs) await new Promise((r) => setTimeout(r, this.o.swipeMs));
    if (s.faults.decline) {
      const code = s.faults.decline;
      s.faults.decline = null;
      const line = this.answer(code, req.orderRef, req.amountFen, null, t(`POS_ANSWER_${code}`));
      s.answers[req.orderRef] = line;
      this.save(s);
      return line;
    }
    const voucher = await this.o.book({
      merchantNo: this.o.merchantNo, posTerminalNo: this.o.posTerminalNo, amountFen: req.amountFen,
      cardNoMasked: this.o.cardNoMasked ?? '622848******0018',
    });
    const line = this.answer(MIS_APPROVED, req.orderRef, req.amountFen, voucher, t('POS_ANSWER_00'));
    const after = this.load(); // the booking may have taken a while: keep what happened meanwhile
    after.answers[req.orderRef] = line;
    after.sales[req.orderRef] = (after.sales[req.orderRef] ?? 0) + 1;
    const lose = after.faults.timeoutAfterCharge > 0;
    if (lose) after.faults.timeoutAfterCharge -= 1;
    this.save(after);
    return lose ? this.timeout(timeoutMs) : line;
  }

  private answer(code: string, orderRef: string, amountFen: number, v: (PosVoucher & { amountFen: number }) | null, message: string): string {
    const at = v ? beijing(v.at) : { date: '', time: '' };
    const a: MisAnswer = {
      answerCode: code, merchantNo: this.o.merchantNo, posTerminalNo: this.o.posTerminalNo, batchNo: v?.batchNo ?? '',
      voucherNo: v?.voucherNo ?? '', referenceNo: v?.referenceNo ?? '', authCode: v?.authCode ?? '', cardNoMasked: v?.cardNoMasked ?? '',
      date: at.date, time: at.time, amountFen, orderRef, message,
    };
    return encodeAnswer(a);
  }

  private async timeout(timeoutMs: number): Promise<never> {
    await new Promise((r) => setTimeout(r, Math.min(timeoutMs, this.o.timeoutAfterMs ?? 200)));
    throw new AppError('POS_LINK_TIMEOUT');
  }

  private load(): State {
    const p = this.o.statePath;
    if (!p) return this.memory;
    return existsSync(p) ? StateSchema.parse(JSON.parse(readFileSync(p, 'utf8'))) : StateSchema.parse({});
  }

  private save(s: State): void {
    if (this.o.statePath) writeFileSync(this.o.statePath, JSON.stringify(s, null, 2));
    else this.memory = s;
  }
}

/** An ISO instant as the POS's Beijing date and time. */
function beijing(iso: string): { date: string; time: string } {
  const d = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return { date: d.slice(0, 10).replace(/-/g, ''), time: d.slice(11, 19).replace(/:/g, '') };
}
