import { FINAL_STATES, type RechargeRecord } from '../../contract/recharge';
import type { PrintService } from './service';

/**
 * Receipts in a second (docs/ui.md "Receipts"): the printer gets ready while the customer pays, not after 充值成功.
 * The long-running counter (Electron, browser mode) calls this once; every change of a recharge under way asks
 * the print service to prepare, which does nothing once the printer is ready. Returns the unsubscribe.
 */
export function keepPaperReady(
  engine: { onChange(listener: (r: RechargeRecord) => void): () => void },
  print: Pick<PrintService, 'prepare'>,
): () => void {
  return engine.onChange((r) => {
    if (!FINAL_STATES.includes(r.state)) void print.prepare();
  });
}
