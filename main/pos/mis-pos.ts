import { AppError, isAppError } from '../../contract/errors';
import {
  decodeAnswer, encodeRequest, MIS_APPROVED, MIS_DECLINE_CODES, MIS_NOT_FOUND, MIS_QUERY, MIS_SALE, voucherOf, type MisAnswer,
} from '../../contract/mis-pos';
import type { Fen } from '../../contract/money';
import { t } from '../../contract/i18n';
import type { Clock } from '../clock';
import type { MisPosLink, PosOutcome, PosTerminal } from './port';

export interface MisPosOptions {
  /** Shown while the customer pays (e.g. the POS terminal no). */
  label: string;
  /** How long a sale may take: the customer presents the card and types the PIN (default 120 s). */
  saleTimeoutMs?: number;
  /** How long one result query may take (default 15 s). */
  queryTimeoutMs?: number;
  /** Result queries after a sale without a readable answer, and the pause between them (default 3, 2 s). */
  queryTries?: number;
  queryPauseMs?: number;
  clock: Pick<Clock, 'sleep'>;
}

type Read = PosOutcome | 'not-found' | 'unknown';

/**
 * An integrated MIS-POS behind the PosTerminal port (docs/pos.md): the sale goes out once; a timeout, a
 * link failure or an answer that cannot be read or does not match our reference and amount is followed
 * by result queries keyed by our order reference — never by a second sale.
 */
export class MisPosTerminal implements PosTerminal {
  readonly label: string;

  constructor(private readonly link: MisPosLink, private readonly o: MisPosOptions) {
    this.label = o.label;
  }

  async charge(req: { orderRef: string; amountFen: Fen }): Promise<PosOutcome> {
    let first: Read = 'unknown';
    try {
      const line = await this.link.transact(encodeRequest({ type: MIS_SALE, ...req }), this.o.saleTimeoutMs ?? 120_000);
      first = read(line, req);
    } catch (e) {
      if (!isLinkFailure(e)) throw e;
    }
    if (first !== 'unknown' && first !== 'not-found') return first;
    const tries = this.o.queryTries ?? 3;
    for (let i = 0; i < tries; i++) {
      if (i > 0) await this.o.clock.sleep(this.o.queryPauseMs ?? 2000);
      const r = await this.ask(req.orderRef, req.amountFen).catch((e: unknown) => {
        if (isAppError(e, 'POS_OUTCOME_UNKNOWN')) return 'unknown' as const;
        throw e;
      });
      if (r === 'not-found') return { kind: 'declined', answerCode: MIS_NOT_FOUND, message: t('POS_NOT_CHARGED') };
      if (r !== 'unknown') return r;
    }
    throw new AppError('POS_OUTCOME_UNKNOWN');
  }

  async query(orderRef: string): Promise<PosOutcome | null> {
    const r = await this.ask(orderRef, null);
    if (r === 'not-found') return null;
    if (r === 'unknown') throw new AppError('POS_OUTCOME_UNKNOWN');
    return r;
  }

  /** One result query; a link failure is POS_OUTCOME_UNKNOWN. */
  private async ask(orderRef: string, amountFen: Fen | null): Promise<Read> {
    try {
      const line = await this.link.transact(encodeRequest({ type: MIS_QUERY, amountFen: amountFen ?? 0, orderRef }), this.o.queryTimeoutMs ?? 15_000);
      return read(line, { orderRef, amountFen });
    } catch (e) {
      if (isLinkFailure(e)) throw new AppError('POS_OUTCOME_UNKNOWN', {}, { cause: e });
      throw e;
    }
  }
}

/** What an answer line says about our charge; anything unexpected is 'unknown', never a guess. */
function read(line: string, req: { orderRef: string; amountFen: Fen | null }): Read {
  const a: MisAnswer | null = decodeAnswer(line);
  if (!a || a.orderRef !== req.orderRef) return 'unknown';
  if (a.answerCode === MIS_NOT_FOUND) return 'not-found';
  if (MIS_DECLINE_CODES.includes(a.answerCode)) {
    return { kind: 'declined', answerCode: a.answerCode, message: t(`POS_ANSWER_${a.answerCode}`) };
  }
  if (a.answerCode !== MIS_APPROVED) return 'unknown';
  const voucher = voucherOf(a);
  if (!voucher || (req.amountFen !== null && a.amountFen !== req.amountFen)) return 'unknown';
  return { kind: 'approved', answerCode: a.answerCode, voucher, amountFen: a.amountFen };
}

function isLinkFailure(e: unknown): boolean {
  return isAppError(e, 'POS_LINK_TIMEOUT') || isAppError(e, 'POS_LINK_DOWN');
}
