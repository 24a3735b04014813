import { parseArgs } from 'node:util';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import type { RechargeRecord } from '../../contract/recharge';
import { ENGINE_OPTIONS, flags, rechargeJson, servicesFromFlags, SUCCESS_STATES } from './engine-args';
import { describeError, type Command } from './command';
import { operatorFlag, signInForCli } from './sign-in';
import { processIo } from './stdin';
import { rechargeUseCases } from '../usecases/recharge';

/**
 * `etc-counter resume --operator ID [--host URL] [--reader NAME] [--journal FILE] [--json]` — finishes every
 * recharge that is not final (docs/architecture.md §2 rule 5), as the operator who signed in
 * (main/cli/sign-in.ts); finishing another operator's recharge is audited (`resume-other`), as in the window.
 * Orders still unpaid are closed: nobody is at the counter to show their QR code any more. One the host
 * refunded ends REFUNDED without the card (§3a). Exit 0 when each ended loaded, cancelled, or refunded (or
 * being refunded), else 1.
 */
export const command: Command = {
  summary: 'resume --operator ID [--host URL] [--reader NAME] [--journal FILE] [--json]: finish every recharge that is not final; password first',
  async run(argv) {
    const v = flags(() => parseArgs({ args: argv, options: ENGINE_OPTIONS, strict: true, allowPositionals: false }).values);
    operatorFlag(v);
    const s = await servicesFromFlags(v);
    let results: { record: RechargeRecord | null; id: string; error: string | null }[] = [];
    try {
      const me = await signInForCli(v, s.auth, processIo, { command: 'resume' });
      const done = await rechargeUseCases(s).resumeAll(me);
      results = done.map((r) => ({ id: r.id, record: r.record, error: r.error === null ? null : describeError(r.error) }));
    } finally {
      await s.close();
    }
    if (v.json) {
      process.stdout.write(`${JSON.stringify(results.map((r) => ({ ...(r.record ? rechargeJson(r.record) : { id: r.id }), failure: r.error })), null, 2)}\n`);
    } else if (results.length === 0) {
      process.stdout.write(`${t('CLI_NOTHING_PENDING')}\n`);
    } else {
      for (const r of results) {
        process.stdout.write(`${r.id}  ${r.record ? `${t(`UI_STATE_${r.record.state}`)}  ${formatYuan(r.record.amountFen)}` : ''}` +
          `${r.error ? `  ${r.error}` : ''}\n`);
      }
    }
    // Ended well: loaded, cancelled unpaid, or (docs/architecture.md §3a) with the host giving the money back.
    const ok = results.every((r) => r.error === null && r.record !== null &&
      (SUCCESS_STATES.includes(r.record.state) || ['CANCELLED', 'REFUNDING', 'REFUNDED'].includes(r.record.state)));
    return ok ? 0 : 1;
  },
};
