import type { Fen } from '../../contract/money';
import type { PosVoucher } from '../../contract/pos';

/**
 * The outlet's POS terminal as the recharge engine sees it (docs/pos.md): one port, whatever sits behind
 * it — an integrated MIS-POS (main/pos/mis-pos.ts over a bank's link), the simulated one of training and
 * tests (sim/pos), or a bank's own adapter (a Windows DLL; not built here, the boundary is docs/pos.md).
 */
export type PosOutcome =
  /** The card was charged: the slip as the POS printed it. */
  | { kind: 'approved'; answerCode: string; voucher: PosVoucher; amountFen: Fen }
  /** Nothing was charged (a decline, the customer cancelled, or the POS never took the charge). */
  | { kind: 'declined'; answerCode: string; message: string };

export interface PosTerminal {
  /** What the wizard names while the customer pays on it, e.g. "MIS-POS 62010088". */
  readonly label: string;
  /**
   * Asks the POS to charge `amountFen` for our recharge `orderRef`; the customer presents the card and
   * types the PIN on the POS. A timeout or an answer that cannot be read is followed by a result query
   * keyed by `orderRef` — never a second charge. When even that cannot tell, POS_OUTCOME_UNKNOWN: the
   * charge may have gone through, and `query` is asked again later (resume), never `charge`.
   */
  charge(req: { orderRef: string; amountFen: Fen }): Promise<PosOutcome>;
  /** What became of the charge for `orderRef`: its outcome, or null when the POS never charged it. POS_OUTCOME_UNKNOWN when the POS cannot be asked. */
  query(orderRef: string): Promise<PosOutcome | null>;
}

/**
 * The wire to an integrated MIS-POS: one request line, one answer line (contract/mis-pos.ts). A bank's
 * DLL or serial adapter implements this. No answer within `timeoutMs` is `AppError('POS_LINK_TIMEOUT')`;
 * a POS that cannot be reached at all, `AppError('POS_LINK_DOWN')`. Both leave the outcome unknown.
 */
export interface MisPosLink {
  transact(request: string, timeoutMs: number): Promise<string>;
}
