import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SettingsSchema } from '../../contract/settings';
import { composeTraining, type TrainingServices } from '../compose/training';
import { registerIpc, type Registration } from '../ipc/register';
import { ChromiumPrinter } from '../print/chromium-printer';
import { createQuitGuard } from './quit-guard';

let s: TrainingServices;
let reg: Registration;
beforeAll(async () => {
  s = await composeTraining({ settings: SettingsSchema.parse({}), dataDir: mkdtempSync(join(tmpdir(), 'quit-')), printer: new ChromiumPrinter() });
  const none = { handle() {}, removeHandler() {} };
  reg = registerIpc(none, s, { isTrustedSender: () => true, emit: () => {} });
});
afterAll(async () => {
  reg?.dispose();
  await s?.close();
});

describe('quit guard', () => {
  it('allows quitting while no card is being written', () => {
    const guard = createQuitGuard(s.engine, s.journal, () => reg.session.loadsInFlight > 0);
    expect(guard.mayQuit()).toBe(true);
    expect(guard.recordForcedQuit('SIGTERM')).toEqual([]);
  });

  it('refuses quitting mid-load, and journals a forced quit on the recharge it cuts', async () => {
    const guard = createQuitGuard(s.engine, s.journal, () => reg.session.loadsInFlight > 0);
    s.training!.insert('normal');
    await reg.handlers.signIn({ operatorId: 'A01', password: '123456' });
    const r = await reg.handlers.rechargeStart({ amountFen: 1000, channel: 'wechat' });
    await s.training!.pay(r.id);
    await reg.handlers.rechargeCheckPayment({ id: r.id });
    s.training!.sim.faults.delay(300); // the host answers slowly: the load stays in progress a while
    const load = reg.handlers.rechargeLoad({ id: r.id });
    expect(guard.mayQuit()).toBe(false);
    expect(guard.recordForcedQuit('SIGTERM')).toEqual([r.id]);
    const forced = s.journal.events(r.id).filter((e) => e.data.step === 'forced-quit');
    expect(forced).toHaveLength(1);
    expect(forced[0]?.data).toEqual({ step: 'forced-quit', reason: 'SIGTERM' });
    s.training!.sim.faults.delay(0);
    expect((await load).state).toBe('VERIFIED');
    expect(guard.mayQuit()).toBe(true);
  });

  it('asked to quit mid-load, lets the card step finish and journal itself, then allows the exit', async () => {
    const guard = createQuitGuard(s.engine, s.journal, () => reg.session.loadsInFlight > 0);
    const r = await reg.handlers.rechargeStart({ amountFen: 500, channel: 'wechat' });
    await s.training!.pay(r.id);
    await reg.handlers.rechargeCheckPayment({ id: r.id });
    s.training!.sim.faults.delay(400);
    const load = reg.handlers.rechargeLoad({ id: r.id });
    expect(guard.mayQuit()).toBe(false);
    const settled = await guard.settle('window-close', 20_000);
    s.training!.sim.faults.delay(0);
    expect(settled).toEqual({ waited: true, cut: [] });
    expect(guard.mayQuit()).toBe(true);
    expect((await load).state).toBe('VERIFIED');
    expect(s.journal.events(r.id).some((e) => e.data.step === 'forced-quit')).toBe(false);
  });

  it('holds a card step that does not finish by the deadline: the cut is journaled, resume decides later', async () => {
    const guard = createQuitGuard(s.engine, s.journal, () => reg.session.loadsInFlight > 0);
    const r = await reg.handlers.rechargeStart({ amountFen: 600, channel: 'wechat' });
    await s.training!.pay(r.id);
    await reg.handlers.rechargeCheckPayment({ id: r.id });
    s.training!.sim.faults.delay(1_500);
    const load = reg.handlers.rechargeLoad({ id: r.id });
    const settled = await guard.settle('session-end', 100);
    expect(settled).toEqual({ waited: true, cut: [r.id] });
    expect(s.journal.events(r.id).filter((e) => e.data.step === 'forced-quit').map((e) => e.data)).toEqual([{ step: 'forced-quit', reason: 'session-end' }]);
    s.training!.sim.faults.delay(0);
    await load;
  });
});
