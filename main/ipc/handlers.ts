import { AppError, isAppError } from '../../contract/errors';
import type { CallName, CallParsed, CallResponse } from '../../contract/ipc';
import type { RechargeRecord } from '../../contract/recharge';
import type { EventSink } from './port';
import type { IpcServices, TrainingControls } from './services';
import type { CounterSession } from './session';

/** One handler per contract call; the mapped type makes a missing or extra handler a compile error. */
export type Handlers = { [K in CallName]: (req: CallParsed<K>) => Promise<CallResponse<K>> };

const HOST_DOWN = ['HOST_UNREACHABLE', 'HOST_TIMEOUT'];

export function createHandlers(s: IpcServices, session: CounterSession, emit: EventSink): Handlers {
  const { engine } = s;

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
  function operator(): string {
    if (!session.operatorId) throw new AppError('NOT_SIGNED_IN');
    return session.operatorId;
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
  /** A payment check's answer also goes out as an event, so every window's QR page follows it. */
  function paymentChecked(r: RechargeRecord): RechargeRecord {
    emit('payment', { id: r.id, state: r.state, checkedAt: new Date().toISOString() });
    return r;
  }

  return {
    async signIn({ operatorId }) {
      await viaHost(() => s.host.signIn({ terminalId: s.settings.terminalId, operatorId }));
      session.operatorId = operatorId;
      return { operatorId };
    },
    async status() {
      session.reader = await s.readers.state();
      return session.status();
    },
    async readers() {
      return (await s.readers.state()).readers;
    },
    async readCard() {
      operator();
      const res = await engine.readCard();
      setHost(res.hostChecked); // 圈存检测 is the first host call of every recharge
      return res;
    },
    async cardCheck() {
      return (await engine.readCard()).card;
    },
    async rechargeStart({ amountFen, channel }) {
      const r = await viaHost(() => engine.start({ amountFen, channel, operatorId: operator() }));
      session.activeRechargeId = r.id;
      return r;
    },
    async rechargeCheckPayment({ id }) {
      record(id);
      session.activeRechargeId = id; // the wizard shows this order's QR code (also when resumed from 待处理)
      return paymentChecked(await viaHost(() => engine.checkPayment(id)));
    },
    async rechargeCancel({ id }) {
      record(id);
      const r = await viaHost(() => engine.cancel(id));
      session.track(r);
      return r;
    },
    async rechargeLoad({ id }) {
      record(id);
      session.activeRechargeId = id;
      return writing(() => engine.load(id));
    },
    async rechargeResume({ id }) {
      record(id);
      session.activeRechargeId = id;
      return writing(() => engine.resume(id));
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
      return engine.pending();
    },
    async records(q) {
      return s.journal.query(q);
    },
    async settings() {
      const st = s.settings;
      return {
        terminalId: st.terminalId, branch: st.branch, hostUrl: st.hostUrl, readerName: st.readerName,
        printerName: st.printerName, pinEncoding: st.pinEncoding, cardMaxBalanceFen: st.cardMaxBalanceFen,
        training: s.training !== null,
      };
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
