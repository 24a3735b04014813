import { defineStore } from 'pinia';
import type { PinHoldView } from '../../contract/ipc';
import { call, CounterError } from '../api';

/** The card refused a PIN here: main sends no VERIFY without the customer's (main/recharge/pin-gate.ts). */
const PIN_CODES = ['CARD_PIN_REQUIRED', 'CARD_PIN_WRONG'];

/**
 * The customer's PIN dialog (components/PinDialog.vue): opened when main answers CARD_PIN_REQUIRED or
 * CARD_PIN_WRONG, it shows the tries left and hands the typed PIN to the one call that asked for it. The PIN
 * lives only in this dialog's input until that call is made; nothing keeps it.
 */
export const usePin = defineStore('pin', {
  state: () => ({
    open: false,
    cardNo: '',
    message: '',
    hold: null as PinHoldView | null,
    answer: null as ((pin: string | null) => void) | null,
  }),
  actions: {
    /** Asks the operator; resolves with the PIN typed, or null when cancelled. */
    async ask(cardNo: string, message: string): Promise<string | null> {
      this.hold = await call('pinHold', { cardNo }).catch(() => null);
      this.cardNo = cardNo;
      this.message = message;
      this.open = true;
      return new Promise((resolve) => { this.answer = resolve; });
    },
    settle(pin: string | null) {
      const answer = this.answer;
      this.open = false;
      this.answer = null;
      answer?.(pin);
    },
    /**
     * Runs `fn` (a call that may VERIFY the card) without a PIN; when the card holds a wrong-PIN answer,
     * asks for the customer's PIN and runs it again with it, as long as the operator keeps typing one.
     */
    async withPin<T>(cardNo: string, fn: (pin?: string) => Promise<T>): Promise<T> {
      let pin: string | undefined;
      for (;;) {
        try {
          return await fn(pin);
        } catch (e) {
          if (!(e instanceof CounterError) || !PIN_CODES.includes(e.code)) throw e;
          const typed = await this.ask(cardNo, e.message);
          if (typed === null) throw e;
          pin = typed;
        }
      }
    },
  },
});
