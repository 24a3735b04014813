import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { formatYuan, parseYuan, MAX_LOAD_FEN } from '../../contract/money';
import type { RechargeRecord } from '../../contract/recharge';
import type { Actor } from '../auth/audit';
import { rechargeUseCases, type RechargeUseCases } from '../usecases/recharge';
import { ENGINE_OPTIONS, flags, rechargeJson, servicesFromFlags, SUCCESS_STATES } from './engine-args';
import type { Command } from './command';
import { CHANNEL_OPTIONS, cliPayment, manualPosSettings, type CliPayment } from './recharge-channels';
import { operatorFlag, signInForCli } from './sign-in';
import { processIo } from './stdin';

const err = (s: string) => process.stderr.write(`${s}\n`);

const SUMMARY = 'recharge --operator ID --amount YUAN --host URL [--channel wechat|alipay] [--pay-simulated] | --auth-code CODE '
  + '| --channel pos --pos-reference R --pos-voucher V --pos-terminal T [--pos-merchant M]  [--reader NAME] [--journal FILE] [--json]: password first';

/**
 * `etc-counter recharge --operator ID --amount YUAN --host URL …` — one recharge, start to finish, on the card
 * in the reader, as the operator who signed in (main/cli/sign-in.ts: the password first, on a terminal or
 * stdin's first line): a QR order (`--channel wechat|alipay`, `--pay-simulated` pays it on the simulator),
 * the customer's payment code (`--auth-code`, channel from the code), or a POS slip typed from the slip
 * (`--channel pos --pos-reference --pos-voucher --pos-terminal`, docs/pos.md). Wrong flags change nothing.
 */
export const command: Command = {
  summary: SUMMARY,
  async run(argv) {
    const { values: v, tokens } = flags(() => parseArgs({
      args: argv, strict: true, allowPositionals: false, tokens: true,
      options: { ...ENGINE_OPTIONS, ...CHANNEL_OPTIONS, amount: { type: 'string' }, 'pay-simulated': { type: 'boolean', default: false } },
    }));
    const parsed = parseYuan(v.amount ?? '');
    if (!parsed.ok) throw new AppError(parsed.code, { max: formatYuan(MAX_LOAD_FEN) });
    const pay = cliPayment(v, parsed.fen, tokens.some((tk) => tk.kind === 'option' && tk.name === 'channel'));
    if (pay.kind !== 'qr' && v['pay-simulated']) throw new AppError('INVALID_INPUT', { detail: '--pay-simulated pays a QR order only' });
    operatorFlag(v); // no operator named: refused before anything is opened
    const s = await servicesFromFlags(v, pay.kind === 'pos' ? (st) => manualPosSettings(st, pay.merchantNo) : undefined);
    const abort = new AbortController();
    const onSignal = () => abort.abort();
    process.once('SIGINT', onSignal);
    try {
      const me = await signInForCli(v, s.auth, processIo, { command: 'recharge' });
      const uc = rechargeUseCases(s);
      let rec = await open(uc, pay, parsed.fen, me);
      if (pay.kind === 'qr' && v['pay-simulated']) await paySimulated(s.settings.hostUrl ?? v.host ?? '', rec.orderId ?? '');
      rec = await s.engine.waitForPayment(rec.id, { signal: abort.signal });
      if (rec.state === 'PAID') {
        err(t('CLI_WRITING'));
        rec = await uc.load(me, rec.id);
      }
      return report(rec, v.json);
    } finally {
      process.off('SIGINT', onSignal);
      await s.close();
    }
  },
};

/** The recharge up to its payment: a QR order (its payload on stderr), a payment code sent, or a typed POS slip checked. */
async function open(uc: RechargeUseCases, pay: CliPayment, amountFen: number, me: Actor): Promise<RechargeRecord> {
  if (pay.kind === 'code') return uc.payWithCode(me, { amountFen, authCode: pay.authCode });
  if (pay.kind === 'pos') return uc.payByPos(me, { amountFen, slip: pay.slip });
  const rec = await uc.start(me, { amountFen, channel: pay.channel });
  err(t('CLI_ORDER_CREATED', { orderId: rec.orderId ?? '', amount: formatYuan(rec.amountFen), qr: rec.qrPayload ?? '' }));
  return rec;
}

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
