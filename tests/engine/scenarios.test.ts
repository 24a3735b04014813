import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { isAppError, type AppError } from '../../contract/errors';
import { encodeRequest, MIS_SALE } from '../../contract/mis-pos';
import { SettingsSchema } from '../../contract/settings';
import { InProcessReader } from '../../main/card/in-process-reader';
import { compose } from '../../main/compose';
import type { Services } from '../../main/compose/services';
import { localDateOf } from '../../main/journal/dates';
import { ChromiumPrinter } from '../../main/print/chromium-printer';
import { refundSlipAllowed } from '../../main/recharge/host-status';
import { useCases } from '../../main/usecases';
import { loadCardProfile } from '../../sim/card/profile';
import { VirtualCard } from '../../sim/card/virtual-card';
import { loadKeyFile } from '../../sim/crypto/keys';
import { startHostSim, type HostSim } from '../../sim/host';
import { MovingClock } from '../support/money-world';
import { trainingServices } from '../support/training';

/**
 * The four ways money went lost or stuck before the recharge machine (docs/architecture.md §2b), each as it happened
 * at a counter: a POS charge dropped by a second window or a restart, a recharge landing in a closed day, a paid load
 * the card can never take, and (renderer/stores/recharge.test.ts) a stuck recharge restored as a load in progress.
 */
const A01 = { operatorId: 'A01', role: 'operator' };
const S01 = { operatorId: 'S01', role: 'supervisor' };
const ROOT = join(import.meta.dirname, '..', '..');
const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => { for (const c of cleanups.splice(0).reverse()) await c(); });

async function training(o: Parameters<typeof trainingServices>[0] = {}) {
  const s = await trainingServices(o);
  cleanups.push(() => s.dispose());
  return s;
}
async function rejected(p: Promise<unknown>): Promise<AppError> {
  const e = await p.then(() => { throw new Error('it went through'); }, (x: unknown) => x);
  if (!isAppError(e)) throw e;
  return e;
}
async function until(test: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !test(); i++) await new Promise((r) => setTimeout(r, 10));
  if (!test()) throw new Error(`never happened: ${what}`);
}

describe('1 · a bank-card charge still at the POS is never dropped', () => {
  it('another window cannot cancel or resume it while the customer types the PIN; the approval is journaled and loaded once', async () => {
    const s = await training({ settings: SettingsSchema.parse({ mode: 'training', pos: { mode: 'mis', merchantNo: null } }), posSwipeMs: 700 });
    s.training.insert('normal');
    const uc = useCases(s);
    const paying = uc.recharge.payByPos(A01, { amountFen: 3000 });
    await until(() => s.engine.pending().some((r) => r.channel === 'pos'), 'the POS charge journaled');
    const [open] = s.engine.pending();
    const id = open?.id ?? '';
    expect(s.engine.events(id).at(-1)?.data).toMatchObject({ step: 'intent', action: 'pos-charge' });
    // Window 2, in 待处理: 取消 and 继续 are refused at once while the POS waits for the customer.
    expect((await rejected(uc.recharge.cancel(id))).code).toBe('RECHARGE_BUSY');
    expect((await rejected(uc.recharge.resume(A01, id))).code).toBe('RECHARGE_BUSY');
    // Meanwhile the counter's line is free: the card can be read.
    expect((await uc.recharge.readCard()).card.cardNo).toBe(open?.cardNo);
    const paid = await paying;
    expect(paid.state).toBe('PAID');
    expect((await uc.recharge.load(A01, id)).state).toBe('VERIFIED');
    expect(s.training.misPos.sales(id)).toBe(1);
  });

  it('after a restart a "not found" before the POS sale timeout is no answer: it stays pending, refused to 取消, and loads once the POS approves', async () => {
    const clock = new MovingClock(new Date());
    const s = await training({ settings: SettingsSchema.parse({ mode: 'training', pos: { mode: 'mis', merchantNo: null } }), posSwipeMs: 0, clock });
    s.training.insert('normal');
    const card = await s.engine.readCard();
    // What a program that died while the customer stood at the PIN pad left: READ, the charge's intent with its deadline.
    const rec = s.journal.create({
      id: '11111111-2222-4333-8444-555555555555', training: true, terminalId: s.settings.terminalId, operatorId: 'A01',
      cardNo: card.card.cardNo, plate: card.card.plate, plateColor: card.card.plateColor, amountFen: 1200, channel: 'pos', balanceBeforeFen: card.card.balanceFen,
    }, { step: 'opened', cardVersion: card.card.cardVersion, validUntil: card.card.validUntil, entry: 'pos-mis', pos: 'MIS-POS', authCode: null });
    s.journal.append(rec.id, 'READ', { step: 'intent', action: 'pos-charge', deadline: new Date(clock.now().getTime() + 120_000).toISOString(), amountFen: 1200, authCode: null });
    const uc = useCases(s);
    expect((await rejected(uc.recharge.resume(A01, rec.id))).code).toBe('POS_OUTCOME_PENDING');
    expect((await rejected(uc.recharge.cancel(rec.id))).code).toBe('POS_OUTCOME_PENDING');
    expect(s.engine.get(rec.id)?.state).toBe('READ');
    // The customer finishes at the POS: the sale goes through there (its answer never reached the dead program).
    await s.training.misPos.transact(encodeRequest({ type: MIS_SALE, amountFen: 1200, orderRef: rec.id }), 5000);
    const resumed = await uc.recharge.resume(A01, rec.id);
    expect(resumed.state).toBe('VERIFIED');
    expect(s.training.misPos.sales(rec.id)).toBe(1);
  });

  it('past the sale timeout a "not found" means nothing was charged: 取消 ends it', async () => {
    const clock = new MovingClock(new Date());
    const s = await training({ settings: SettingsSchema.parse({ mode: 'training', pos: { mode: 'mis', merchantNo: null } }), posSwipeMs: 0, clock });
    s.training.insert('normal');
    const card = (await s.engine.readCard()).card;
    const rec = s.journal.create({
      id: '11111111-2222-4333-8444-666666666666', training: true, terminalId: s.settings.terminalId, operatorId: 'A01',
      cardNo: card.cardNo, plate: card.plate, plateColor: card.plateColor, amountFen: 1200, channel: 'pos', balanceBeforeFen: card.balanceFen,
    }, { step: 'opened', cardVersion: card.cardVersion, validUntil: card.validUntil, entry: 'pos-mis', pos: 'MIS-POS', authCode: null });
    s.journal.append(rec.id, 'READ', { step: 'intent', action: 'pos-charge', deadline: new Date(clock.now().getTime() + 120_000).toISOString(), amountFen: 1200, authCode: null });
    clock.set(new Date(clock.now().getTime() + 121_000).toISOString());
    expect((await useCases(s).recharge.cancel(rec.id)).state).toBe('CANCELLED');
  });
});

describe('2 · nothing lands in a closed day', () => {
  it('日结 pressed while another window starts a recharge on a slow host: either the day stays open or the recharge is refused', async () => {
    const s = await training();
    s.training.insert('normal');
    const uc = useCases(s);
    const today = localDateOf(s.clock.now());
    s.training.sim.faults.delay(1500);
    // The start came first: it holds the line while the slow host answers; the close then sees the day's open recharge.
    const starting = uc.recharge.start(A01, { amountFen: 1000, channel: 'wechat' });
    const closing = rejected(uc.day.close(S01, today));
    const started = await starting;
    expect(started.state).toBe('ORDERED');
    expect((await closing).code).toBe('DAY_CLOSE_UNRESOLVED');
    expect(s.days.isClosed(today)).toBe(false);
    await uc.recharge.cancel(started.id);
    // The close came first: the start is refused and nothing is dated the closed day.
    const closed = uc.day.close(S01, today);
    const late = rejected(uc.recharge.start(A01, { amountFen: 1000, channel: 'wechat' }));
    await closed;
    expect((await late).code).toBe('DAY_CLOSED');
    expect(s.journal.day(today).map((r) => r.state)).toEqual(['CANCELLED']);
  });
});

describe('3 · a load the card cannot take is refused before the customer pays, and a paid one that the card refuses has an exit', () => {
  it('the training near-max card (¥4,990 of ¥5,000): ¥15.00 is refused with the room shown, nothing ordered', async () => {
    const s = await training();
    s.training.insert('near-max');
    const read = await s.engine.readCard();
    expect(read.roomFen).toBe(1000);
    const e = await rejected(useCases(s).recharge.start(A01, { amountFen: 1500, channel: 'wechat' }));
    expect(e.code).toBe('RECHARGE_OVER_MAX_BALANCE');
    expect(e.message).toContain('本卡最多还可充 10.00 元');
    expect(s.engine.pending()).toEqual([]);
  });

  it('paid, then 9402 at INIT: UNLOADED with the host told, the refund slip offered, and no day held hostage', async () => {
    // A counter whose settings and host do not know this card's cap: only the card itself says no.
    const dir = mkdtempSync(join(tmpdir(), 'etc-scenario-'));
    const clock = new MovingClock(new Date());
    const sim: HostSim = await startHostSim({ keys: loadKeyFile(join(ROOT, 'sim/fixtures/keys.json')), dbPath: join(dir, 'host.sqlite'), now: () => clock.now() });
    const profile = loadCardProfile(join(ROOT, 'sim/fixtures/cards/near-max.json'));
    const card = new VirtualCard(profile, loadKeyFile(join(ROOT, 'sim/fixtures/keys.json')), { now: () => clock.now() });
    const settings = SettingsSchema.parse({ hostUrl: sim.url, cardMaxBalanceRules: [] });
    const s: Services = await compose({ settings, mode: 'real', dataDir: join(dir, 'a'), readers: new InProcessReader(card), printer: new ChromiumPrinter(), clock });
    cleanups.push(async () => { await s.close(); await sim.close(); rmSync(dir, { recursive: true, force: true }); });
    const uc = useCases(s);
    const rec = await uc.recharge.start(A01, { amountFen: 1500, channel: 'wechat' });
    sim.pay(rec.orderId ?? '');
    expect((await uc.recharge.checkPayment(rec.id)).state).toBe('PAID');
    const e = await rejected(uc.recharge.load(A01, rec.id));
    expect(e.code).toBe('RECHARGE_CARD_REFUSED_LOAD');
    expect(e.message).toContain('退款说明');
    const after = s.engine.get(rec.id);
    expect(after?.state).toBe('UNLOADED');
    expect(sim.order(rec.orderId ?? '').status).toBe('UNLOADED');
    expect(card.snapshot().balanceFen).toBe(profile.balanceFen);
    expect(refundSlipAllowed('UNLOADED', 'UNLOADED')).toBe(true);
    // 继续圈存 again says the same and changes nothing: the exit is the refund slip, not an endless retry.
    expect((await rejected(uc.recharge.resume(A01, rec.id))).code).toBe('RECHARGE_CARD_REFUSED_LOAD');
    expect(s.engine.pending()).toEqual([]);
    const today = localDateOf(clock.now());
    expect((await uc.day.view(today)).blockers.canClose).toBe(true);
    clock.set(new Date(clock.now().getTime() + 86_400_000).toISOString());
    expect((await uc.day.view(localDateOf(clock.now()))).blockers.canClose).toBe(true);
  });
});
