import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureKeys, fixtureProfile } from '../../sim/card/testing';
import { startHostSim, type HostSim } from '../../sim/host';
import { ensurePcscd, type Rig, startRig, VPCD_READER } from './card-rig';
import { addCliSupervisor, CLI_SUPERVISOR, runCli } from '../support/cli-signed';

/**
 * `etc-counter recharge --auth-code …` and `--channel pos --pos-reference … --pos-voucher … --pos-terminal …`
 * through pcscd/vpcd and the host simulator (docs/architecture.md §5, docs/pos.md); wrong flags change nothing.
 */
const dir = mkdtempSync(join(tmpdir(), 'cli-channels-'));
const journal = join(dir, 'journal.sqlite');
const MERCHANT = '898620154110001';
let rig: Rig | null = null;
let sim: HostSim | null = null;

/** As the journal's supervisor signs in (tests/support/cli-signed.ts). */
const cli = (args: string[]) => runCli(dir, args);
const as = ['--operator', CLI_SUPERVISOR.id];
const common = () => ['--host', sim?.url ?? '', '--reader', VPCD_READER, '--journal', journal, '--json'];
const ordersNow = () => sim?.db.prepare('SELECT COUNT(*) AS n FROM orders').get() as { n: number };

beforeAll(async () => {
  ensurePcscd();
  sim = await startHostSim({ keys: fixtureKeys(), dbPath: join(dir, 'host.sqlite') });
  await addCliSupervisor(dir, journal);
  rig = await startRig(fixtureProfile('normal'), fixtureKeys());
});
afterAll(async () => {
  await rig?.close();
  await sim?.close();
});

describe('etc-counter recharge with the other channels', () => {
  it('--auth-code: the channel from the code, paid, loaded; the masked code in the answer', async () => {
    const before = rig?.card.snapshot().balanceFen ?? 0;
    const r = await cli(['recharge', ...as, '--amount', '3', '--auth-code', '2812345678901234', ...common()]);
    expect(r.code, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ state: 'VERIFIED', channel: 'alipay', authCodeMasked: '2812********1234', balanceAfterFen: before + 300 });
  });

  it.each([
    [['--auth-code', '99'], '付款码格式不正确'],
    [['--auth-code', '134567890123456789', '--channel', 'alipay'], 'INVALID_INPUT'],
    [['--channel', 'pos', '--pos-reference', '103100000001', '--pos-voucher', '000001'], '--pos-terminal'],
    [['--channel', 'pos', '--pos-reference', '1031', '--pos-voucher', '000001', '--pos-terminal', '62010088'], '--pos-reference'],
    [['--pos-voucher', '000001'], '--channel pos'],
    [['--auth-code', '134567890123456789', '--pay-simulated'], '--pay-simulated'],
  ])('refuses %j before anything is read or ordered', async (flags, words) => {
    const orders = ordersNow().n;
    const r = await cli(['recharge', ...as, '--amount', '3', ...flags, ...common()]);
    expect(r.code).not.toBe(0);
    expect(r.stderr).toContain(words);
    expect(ordersNow().n).toBe(orders);
  });

  it('--channel pos: the typed slip pays once; the same slip again is refused naming the first recharge', async () => {
    const slip = sim?.acquirer.charge({ merchantNo: MERCHANT, posTerminalNo: '62010088', amountFen: 20_000 });
    if (!slip) throw new Error('no slip');
    const args = ['recharge', ...as, '--amount', '200', '--channel', 'pos', '--pos-reference', slip.referenceNo, '--pos-voucher', slip.voucherNo,
      '--pos-terminal', slip.posTerminalNo, '--pos-merchant', MERCHANT, ...common()];
    const r = await cli(args);
    expect(r.code, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout) as { id: string; posVoucher: Record<string, unknown> };
    expect(out).toMatchObject({ state: 'VERIFIED', channel: 'pos', tradeNo: slip.referenceNo });
    expect(out.posVoucher).toMatchObject({ merchantNo: MERCHANT, voucherNo: slip.voucherNo, batchNo: '000001', cardNoMasked: '622848******0018' });
    const again = await cli(args);
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain('POS_SLIP_USED_BY');
    expect(again.stderr).toContain(out.id);
  });
});
