import { parseArgs } from 'node:util';
import { isAppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import type { RechargeRecord } from '../../contract/recharge';
import { ENGINE_OPTIONS, flags, rechargeJson, servicesFromFlags, SUCCESS_STATES } from './engine-args';
import { describeError, type Command } from './command';
import { operatorFlag, signInForCli } from './sign-in';
import { processIo } from './stdin';

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
    const results: { record: RechargeRecord | null; id: string; error: string | null }[] = [];
    try {
      const me = await signInForCli(v, s.auth, processIo, { command: 'resume' });
      for (const pending of s.engine.pending()) {
        try {
          if (pending.operatorId !== me.operatorId) {
            s.auth.audit.append({ operatorId: me.operatorId, role: me.role }, {
              action: 'resume-other', target: pending.id,
              detail: { owner: pending.operatorId, state: pending.state, via: 'resume', cardNo: pending.cardNo, amountFen: pending.amountFen },
            });
          }
          let rec = await s.engine.resume(pending.id);
          if (rec.state === 'ORDERED') {
            rec = await s.engine.cancel(rec.id).catch(async (e: unknown) => {
              if (isAppError(e, 'RECHARGE_ALREADY_PAID')) return s.engine.resume(pending.id);
              // Paid and refunded meanwhile: the journal has followed the host (REFUNDING / REFUNDED).
              if (isAppError(e, 'RECHARGE_ALREADY_REFUNDED')) return s.engine.get(pending.id) ?? rec;
              throw e;
            });
          }
          results.push({ id: pending.id, record: rec, error: null });
        } catch (e) {
          results.push({ id: pending.id, record: s.engine.get(pending.id), error: describeError(e) });
        }
      }
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
