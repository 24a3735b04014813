import { SimMisPos, type BookCharge } from '../../sim/pos/mis-pos';

/** The fault suite's outlet POS: the simulated MIS-POS with its memory in a scenario's state file (docs/pos.md). */
export const POS_MERCHANT = '898620154110001';
export const POS_TERMINAL = '62010088';

export function misPosAt(statePath: string, book: BookCharge = () => { throw new Error('this POS only answers queries'); }): SimMisPos {
  return new SimMisPos({ merchantNo: POS_MERCHANT, posTerminalNo: POS_TERMINAL, statePath, book, timeoutAfterMs: 50 });
}
