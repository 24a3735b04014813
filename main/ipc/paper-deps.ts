import type { PrintResult, SignedInOperator } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import type { Services } from '../compose/services';
import type { PrintOutcome } from '../print';
import type { UseCases } from '../usecases';
import type { CallContext, CounterSession } from './session';

/** What the paper and 日结 handlers share (paper.ts, day.ts, money.ts). */
export interface PaperDeps {
  s: Services;
  uc: UseCases;
  session: CounterSession;
  signedIn(ctx?: CallContext): SignedInOperator;
  record(id: string): RechargeRecord;
}

/** Archive + paper outcome → the contract's PrintResult, the archived PDF attached. */
export type PaperPrinted = (out: PrintOutcome, already?: boolean) => Promise<PrintResult>;
