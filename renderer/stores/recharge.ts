import { defineStore } from 'pinia';
import type { CardReadView } from '../../contract/ipc';
import { MAX_LOAD_FEN, parseYuan, type Fen } from '../../contract/money';
import type { PosSlipEntry } from '../../contract/pos';
import { BLOCKING_STATES, FINAL_STATES, type PayChannel, type RechargeRecord, type RechargeState } from '../../contract/recharge';
import { call, CounterError, on } from '../api';
import { L, yuan } from '../i18n';
import { usePin } from './pin';
import { useStatus } from './status';

/** The wizard's steps, in the manual's order: 读卡 → 金额 → 在线支付 → 圈存 → 结果. */
export type Step = 'read' | 'amount' | 'pay' | 'write' | 'result';
export const STEPS: Step[] = ['read', 'amount', 'pay', 'write', 'result'];

/**
 * How the customer pays, chosen at the amount step: a QR code the customer scans (WeChat / Alipay), the
 * customer's payment code the counter scans (付款码), or a bank card on the outlet's POS.
 */
export type PayMethod = 'qr' | 'code' | 'pos';
export type QrChannel = Extract<PayChannel, 'wechat' | 'alipay'>;

/** The way a recharge main already holds was paid (after a reload, or from 待处理). */
export function methodOf(r: RechargeRecord): PayMethod {
  if (r.channel === 'pos') return 'pos';
  return r.authCodeMasked !== null ? 'code' : 'qr';
}

/** Paid and not yet final: the card is being (or must be) written. */
const LOADING = BLOCKING_STATES;

/** Which step shows a recharge in `state` (used after a reload, when main is asked for the truth). */
export function stepFor(state: RechargeState): Step {
  if (state === 'READ' || state === 'ORDERED') return 'pay';
  if (LOADING.includes(state)) return 'write';
  return 'result';
}

/**
 * The 用户卡充值 wizard. It holds only what the operator is typing and what main answered: every
 * recharge state comes from main (calls and `recharge` events), so a reload resumes where main is.
 */
export const useRecharge = defineStore('recharge', {
  state: () => ({
    step: 'read' as Step,
    card: null as CardReadView | null,
    amountText: '',
    amountError: '',
    confirming: false,
    method: 'qr' as PayMethod,
    channel: 'wechat' as QrChannel,
    record: null as RechargeRecord | null,
    busy: false,
    error: '' as string,
    errorCode: '' as string,
    writing: false,
  }),
  getters: {
    amountFen(): Fen | null {
      const p = parseYuan(this.amountText);
      return p.ok ? p.fen : null;
    },
    /** Account cards, expired cards and cards with unfinished work cannot go on. */
    cardLoadable(): boolean {
      const c = this.card;
      return c !== null && c.refusal === null && c.blocking.length === 0 && c.hostHalfRecords.length === 0;
    },
    qrLive(): boolean {
      return this.step === 'pay' && this.record?.state === 'ORDERED';
    },
  },
  actions: {
    listen() {
      on('recharge', (r) => this.absorb(r));
      on('payment', ({ id, state }) => {
        if (this.record?.id === id && this.record.state !== state) void this.refreshRecord();
      });
    },
    /** A newer view of our recharge arrived (event or answer): follow it. */
    absorb(r: RechargeRecord) {
      if (this.record?.id !== r.id) return;
      this.record = r;
      // Locked (docs/security.md): nothing is written until the operator is back; unlocking asks again.
      if (this.step === 'pay' && r.state === 'PAID' && !useStatus().locked) void this.load();
      if (this.step === 'pay' && r.state === 'CANCELLED') {
        this.fail(new CounterError('UI_PAY_CANCELLED', L('UI_PAY_CANCELLED')));
        this.step = 'result';
      }
      // The host's status settled it without a load (refunded, loaded elsewhere, 需管理员: docs/architecture.md §3a).
      if (this.step === 'pay' && !['READ', 'ORDERED', 'PAID', 'CANCELLED'].includes(r.state) && !this.writing) this.step = 'result';
    },
    async refreshRecord() {
      if (!this.record) return;
      const d = await call('rechargeGet', { id: this.record.id });
      if (d) this.absorb(d.record);
    },
    /** After a reload: main knows whether the wizard was in the middle of a recharge. */
    async restore(activeId: string | null) {
      if (!activeId) return;
      const d = await call('rechargeGet', { id: activeId });
      if (!d) return;
      this.record = d.record;
      // Nothing is being written after a reload or a sign-in: a paid recharge left between payment and the card is shown
      // as what it is — unfinished, with its next step and 继续圈存 — never as a load in progress (请勿拔卡).
      const step = stepFor(d.record.state);
      this.step = step === 'write' ? 'result' : step;
    },
    clearError() {
      this.error = '';
      this.errorCode = '';
    },
    fail(e: unknown) {
      this.errorCode = e instanceof CounterError ? e.code : 'INTERNAL';
      this.error = e instanceof Error ? e.message : String(e);
    },
    async run<T>(fn: () => Promise<T>): Promise<T | undefined> {
      this.busy = true;
      this.clearError();
      try {
        return await fn();
      } catch (e) {
        this.fail(e);
        return undefined;
      } finally {
        this.busy = false;
      }
    },
    async readCard() {
      this.card = null;
      await this.run(async () => { this.card = await call('readCard', {}); });
    },
    toAmount() {
      if (!this.cardLoadable) return;
      this.step = 'amount';
      this.confirming = false;
      this.clearError();
    },
    /** Checks the typed amount; on success shows the confirmation (大写, balance after). */
    reviewAmount(): boolean {
      const p = parseYuan(this.amountText);
      this.amountError = p.ok ? '' : L(p.code, { max: yuan(MAX_LOAD_FEN) });
      this.confirming = p.ok;
      return p.ok;
    },
    /** The amount is confirmed: a QR order is made now; a payment code or a POS payment opens the recharge at the pay step. */
    async start() {
      const fen = this.amountFen;
      if (fen === null) return;
      if (this.method !== 'qr') {
        this.clearError();
        this.step = 'pay';
        return;
      }
      const r = await this.run(() => call('rechargeStart', { amountFen: fen, channel: this.channel }));
      if (!r) return;
      this.record = r;
      this.step = 'pay';
    },
    /** 付款码: the code the scanner typed. PAID → the card is written; ORDERED → the customer confirms on the phone. */
    async payWithCode(authCode: string) {
      const fen = this.amountFen;
      if (fen === null || this.busy) return;
      const r = await this.run(() => call('rechargePayCode', { amountFen: fen, authCode }));
      if (r) this.took(r);
    },
    /** 银行卡(POS): a typed slip, or (without one) a charge on the integrated MIS-POS. */
    async payByPos(slip?: PosSlipEntry) {
      const fen = this.amountFen;
      if (fen === null || this.busy) return;
      const r = await this.run(() => call('rechargePos', slip ? { amountFen: fen, slip } : { amountFen: fen }));
      if (r) this.took(r);
    },
    /** A recharge the pay step opened: follow it (PAID loads the card at once). */
    took(r: RechargeRecord) {
      this.record = r;
      if (r.state === 'PAID') void this.load();
      else if (r.state !== 'ORDERED' && r.state !== 'READ') this.step = 'result';
    },
    /** 已完成支付 and the automatic poll both land here. */
    async checkPayment() {
      const id = this.record?.id;
      if (!id || this.record?.state !== 'ORDERED' || useStatus().locked) return;
      try {
        const r = await call('rechargeCheckPayment', { id });
        this.absorb(r);
        return r;
      } catch (e) {
        this.fail(e);
        return undefined;
      }
    },
    async simulatePay() {
      const id = this.record?.id;
      if (!id) return;
      await this.run(() => call('trainingPay', { id }));
      await this.checkPayment();
    },
    async cancel() {
      const id = this.record?.id;
      if (!id) return;
      const r = await this.run(() => call('rechargeCancel', { id }));
      if (r) { this.record = r; this.reset(); }
    },
    /** Writes the card; on any failure the result step names the exact next step. */
    load() {
      return this.write('rechargeLoad');
    },
    /** Finishes a recharge from the card itself (待处理 / 圈存). */
    resume() {
      return this.write('rechargeResume');
    },
    async write(channel: 'rechargeLoad' | 'rechargeResume') {
      const id = this.record?.id;
      if (!id || this.writing) return;
      this.step = 'write';
      this.writing = true;
      this.clearError();
      try {
        // A card that refused a PIN here gets no VERIFY without the customer's: the dialog asks for it.
        this.record = await usePin().withPin(this.record?.cardNo ?? '', (pin) => call(channel, { id, pin }));
      } catch (e) {
        this.fail(e);
        await this.refreshRecord().catch(() => undefined);
      } finally {
        this.writing = false;
        this.step = 'result';
      }
    },
    /** Leaves the recharge to 待处理 (it is not cancelled) and starts over. */
    async dismiss() {
      await call('rechargeDismiss', {}).catch(() => undefined);
      this.reset();
    },
    reset() {
      this.$reset();
    },
    isFinal(): boolean {
      return this.record !== null && FINAL_STATES.includes(this.record.state);
    },
  },
});
