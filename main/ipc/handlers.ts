import { AppError, isAppError } from '../../contract/errors';
import type { SignedInOperator } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import type { Services, TrainingControls } from '../compose/services';
import type { Handlers } from './handler';
import type { EventSink } from './port';
import { channelHandlers } from './channel-handlers';
import { clerkHandlers } from './clerk-handlers';
import { paperHandlers } from './paper';
import { PaymentWatch } from './payment-watch';
import { readerFeed, type ReaderFeed } from './reader-feed';
import { refundOf } from '../recharge/host-status';
import { resolutionOf } from '../../contract/recharge-events';
import { settingsView } from './settings-view';
import { setupHandlers } from './setup-handlers';
import { estateHandlers } from './estate-handlers';
import { hostRecordsFor, mergeRecords } from './records';
import { sessionHandlers } from './session-handlers';
import { DEFAULT_CLIENT, type CallContext, type CounterSession } from './session';
import { useCases } from '../usecases';

const HOST_DOWN = ['HOST_UNREACHABLE', 'HOST_TIMEOUT'];

/** The handlers of every contract call over main's services (main/compose/services.ts). */
export function createHandlers(
  s: Services, session: CounterSession, emit: EventSink, readers: ReaderFeed = readerFeed(s.readers, () => s.settings.readerName),
  watch: PaymentWatch = new PaymentWatch(s.engine),
): Handlers {
  const { engine } = s;
  const uc = useCases(s);

  /** Runs a call that talks to the host, and keeps the status bar's host light honest. */
  async function viaHost<T>(fn: () => Promise<T>): Promise<T> {
    try {
      const out = await fn();
      setHost(true);
      return out;
    } catch (e) {
      if (HOST_DOWN.some((code) => isAppError(e, code))) setHost(false);
      else if (isAppError(e) && e.code.startsWith('HOST_')) setHost(true);
      throw e;
    }
  }
  function setHost(online: boolean): void {
    if (session.hostOnline === online) return;
    session.hostOnline = online;
    emit('host', { online });
  }
  /** The signed-in operator (the gate has already refused calls without one). */
  function signedIn(ctx: CallContext = DEFAULT_CLIENT): SignedInOperator {
    const op = session.who(ctx);
    if (!op) throw new AppError('AUTH_REQUIRED');
    return op;
  }
  function training(): TrainingControls {
    if (!s.training) throw new AppError('TRAINING_ONLY');
    return s.training;
  }
  function record(id: string): RechargeRecord {
    const r = engine.get(id);
    if (!r) throw new AppError('RECHARGE_NOT_FOUND', { id });
    return r;
  }
  /** A card write: counted so the quit guard can refuse to quit in the middle of it. */
  async function writing(fn: () => Promise<RechargeRecord>): Promise<RechargeRecord> {
    session.loadsInFlight++;
    try {
      return await viaHost(fn);
    } finally {
      session.loadsInFlight--;
    }
  }
  /** What a records row takes from the journal's events: refund facts, and whether 需管理员 was resolved. */
  function facts(id: string) {
    const events = engine.events(id);
    return { refund: refundOf(events), resolvedFromAdmin: events.some((e) => resolutionOf(e.data) !== null) };
  }
  /** A payment check's answer also goes out as an event, so every window's QR page follows it. */
  function paymentChecked(r: RechargeRecord): RechargeRecord {
    emit('payment', { id: r.id, state: r.state, checkedAt: s.clock.now().toISOString() });
    return r;
  }

  return {
    async signIn({ operatorId, password }, ctx = DEFAULT_CLIENT) {
      const op = await s.auth.operators.signIn(operatorId, password);
      session.signIn(ctx, op);
      try {
        await viaHost(() => s.host.signIn({ terminalId: s.settings.terminalId, operatorId }));
      } catch (e) {
        // Offline the operator still works locally (卡片检测, 待处理); the host link signs in again before its next call.
        if (!HOST_DOWN.some((code) => isAppError(e, code))) {
          session.signOut(ctx);
          throw e;
        }
      }
      return op;
    },
    async signOut(_req, ctx = DEFAULT_CLIENT) {
      const op = signedIn(ctx);
      if (session.loadsInFlight > 0) throw new AppError('AUTH_SIGN_OUT_BUSY');
      s.auth.audit.append({ operatorId: op.operatorId, role: op.role }, { action: 'sign-out', target: op.operatorId });
      session.signOut(ctx);
      session.activeRechargeId = null; // the wizard's recharge, if unfinished, stays in 待处理
      return null;
    },
    async status(_req, ctx = DEFAULT_CLIENT) {
      session.reader = await readers.state();
      return session.status(ctx);
    },
    async readers() {
      return (await readers.state()).readers;
    },
    async readCard() {
      const res = await uc.recharge.readCard();
      setHost(res.hostChecked); // 圈存检测 is the first host call of every recharge
      return res;
    },
    async cardCheck() {
      return (await engine.readCard()).card;
    },
    async rechargeStart({ amountFen, channel }, ctx) {
      const r = await viaHost(() => uc.recharge.start(signedIn(ctx), { amountFen, channel }));
      session.activeRechargeId = r.id;
      watch.watch(r); // the engine's long poll sees the payment the moment the host has it
      return r;
    },
    async rechargeCheckPayment({ id }) {
      record(id);
      session.activeRechargeId = id; // the wizard shows this order's QR code (also when resumed from 待处理)
      const r = paymentChecked(await viaHost(() => uc.recharge.checkPayment(id)));
      watch.watch(r); // a recharge resumed from 待处理, or after a reload: watched again
      return r;
    },
    async rechargeCancel({ id }) {
      record(id);
      const r = await viaHost(() => uc.recharge.cancel(id));
      session.track(r);
      return r;
    },
    async rechargeLoad({ id, pin }, ctx) {
      const me = signedIn(ctx);
      record(id);
      session.activeRechargeId = id;
      return writing(() => uc.recharge.load(me, id, pin));
    },
    async rechargeResume({ id, pin }, ctx) {
      const me = signedIn(ctx);
      record(id);
      session.activeRechargeId = id;
      return writing(() => uc.recharge.resume(me, id, pin));
    },
    async rechargeGet({ id }) {
      const r = engine.get(id);
      return r ? { record: r, events: engine.events(id) } : null;
    },
    async rechargeDismiss() {
      session.activeRechargeId = null;
      return null;
    },
    async pending() {
      return uc.recharge.pending();
    },
    async needsAdmin() {
      return engine.needsAdmin();
    },
    async pinHold({ cardNo }) {
      const hold = engine.pinHold(cardNo);
      return hold ? { cardNo, ...hold } : null;
    },
    async records(q) {
      const local = s.journal.query(q); // refuses a reversed window or one over 30 days (RECORDS_WINDOW_*)
      try {
        const host = await viaHost(() => hostRecordsFor(q, (w) => s.host.records(w)));
        return { rows: mergeRecords(local, host, facts), hostChecked: true };
      } catch (e) {
        // Offline: this terminal's journal is still worth showing; the page says the host was not asked.
        if (!HOST_DOWN.some((code) => isAppError(e, code))) throw e;
        return { rows: mergeRecords(local, [], facts), hostChecked: false };
      }
    },
    async recordLoad({ orderId, pin }, ctx) {
      const r = await writing(() => uc.recharge.adopt(signedIn(ctx), orderId, pin));
      session.activeRechargeId = r.id;
      return r;
    },
    ...paperHandlers({ s, uc, session, signedIn, record }),
    ...channelHandlers({ uc, s, session, watch, signedIn, viaHost }),
    ...sessionHandlers({ s, session }),
    ...setupHandlers({ s, session, signedIn }),
    ...estateHandlers({ s, session, signedIn }),
    ...clerkHandlers({ s, session, signedIn }),
    async settings() {
      return settingsView(s.settings, s.training);
    },
    async auditList(q) {
      return s.auth.audit.list(q);
    },
    async operatorList() {
      return s.auth.operators.list();
    },
    async operatorUnlock({ operatorId }, ctx) {
      const me = signedIn(ctx);
      return s.auth.operators.unlock(operatorId, { operatorId: me.operatorId, role: me.role });
    },
    async trainingProfiles() {
      return training().profiles();
    },
    async trainingInsert({ profileId }) {
      training().insert(profileId);
      return null;
    },
    async trainingRemove() {
      training().remove();
      return null;
    },
    async trainingPay({ id }) {
      record(id);
      await training().pay(id);
      return null;
    },
  };
}
