import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { formatYuan, parseYuan, MAX_LOAD_FEN } from '../../contract/money';
import type { PayChannel, RechargeRecord } from '../../contract/recharge';
import { ENGINE_OPTIONS, flags, rechargeJson, servicesFromFlags, SUCCESS_STATES } from './engine-args';
import type { Command } from './command';
import { operatorFlag, signInForCli } from './sign-in';
import { processIo } from './stdin';

const err = (s: string) => process.stderr.write(`${s}\n`);

/**
 * `etc-counter recharge --operator ID --amount YUAN --host URL [--channel wechat|alipay] [--pay-simulated]
 * [--reader NAME] [--journal FILE] [--json]` — one recharge, start to finish, on the card in the reader, as
 * the operator who signed in (main/cli/sign-in.ts: the password first, on a terminal or stdin's first line).
 */
export const command: Command = {
  summary: 'recharge --operator ID --amount YUAN --host URL [--channel wechat|alipay] [--pay-simulated] [--reader NAME] [--journal FILE] [--json]: password first',
  async run(argv) {
    const v = flags(() => parseArgs({
      args: argv, strict: true, allowPositionals: false,
      options: {
        ...ENGINE_OPTIONS, amount: { type: 'string' }, channel: { type: 'string', default: 'wechat' },
        'pay-simulated': { type: 'boolean', default: false },
      },
    }).values);
    const parsed = parseYuan(v.amount ?? '');
    if (!parsed.ok) throw new AppError(parsed.code, { max: formatYuan(MAX_LOAD_FEN) });
    if (v.channel !== 'wechat' && v.channel !== 'alipay') throw new AppError('INVALID_INPUT', { detail: '--channel wechat|alipay' });
    operatorFlag(v); // no operator named: refused before anything is opened
    const s = await servicesFromFlags(v);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const me = await signInForCli(v, s.auth, processIo, { command: 'recharge' });
      let rec = await s.engine.start({ amountFen: parsed.fen, channel: v.channel as PayChannel, operatorId: me.operatorId });
      err(t('CLI_ORDER_CREATED', { orderId: rec.orderId ?? '', amount: formatYuan(rec.amountFen), qr: rec.qrPayload ?? '' }));
      if (v['pay-simulated']) await paySimulated(s.settings.hostUrl ?? v.host ?? '', rec.orderId ?? '');
      rec = await s.engine.waitForPayment(rec.id, { signal: abort.signal });
      if (rec.state === 'PAID') {
        err(t('CLI_WRITING'));
        rec = await s.engine.load(rec.id);
      }
      return report(rec, v.json);
    } finally {
      process.off('SIGINT', onSignal);
      await s.close();
    }
  },
};

/** Completes the payment on the issuer-host simulator; a real host has no such call and says so. */
async function paySimulated(hostUrl: string, orderId: string): Promise<void> {
  const res = await fetch(`${hostUrl.replace(/\/+$/, '')}/sim/orders/${encodeURIComponent(orderId)}/pay`, { method: 'POST' })
    .catch((e: unknown) => { throw new AppError('HOST_UNREACHABLE', { detail: String(e) }); });
  if (!res.ok) throw new AppError('CLI_NOT_A_SIMULATOR', { status: res.status });
}

export function report(rec: RechargeRecord, json: boolean): number {
  if (json) process.stdout.write(`${JSON.stringify(rechargeJson(rec), null, 2)}\n`);
  else {
    process.stdout.write(`${t('CLI_RESULT', {
      state: t(`UI_STATE_${rec.state}`), amount: formatYuan(rec.amountFen), before: formatYuan(rec.balanceBeforeFen),
      after: rec.balanceAfterFen === null ? '—' : formatYuan(rec.balanceAfterFen), tac: rec.tac ?? '—',
    })}\n`);
  }
  return SUCCESS_STATES.includes(rec.state) ? 0 : 1;
}
