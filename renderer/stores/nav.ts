import { defineStore } from 'pinia';
import { confirmBox } from '../dialogs';
import { L } from '../i18n';
import { useRecharge } from './recharge';

export type View = 'recharge' | 'check' | 'pending' | 'records' | 'dayend' | 'audit' | 'staff' | 'settings';

/**
 * Whether the wizard may be left now: never in the middle of a card write; with a live QR code only after the
 * operator confirms (the order stays in 待处理). `then` runs once it may (sign-out uses the same words).
 */
export async function mayLeaveWizard(words: { title: string; body: string; ok: string; cancel: string }): Promise<boolean> {
  const wizard = useRecharge();
  if (wizard.writing) return false; // never walk away from a card write
  if (!wizard.qrLive) return true;
  if (!(await confirmBox(words))) return false;
  await wizard.dismiss();
  return true;
}

/** Which screen is shown. Leaving the wizard while a QR code is live asks first (the order stays pending). */
export const useNav = defineStore('nav', {
  state: () => ({ view: 'recharge' as View }),
  actions: {
    async go(view: View) {
      if (view === this.view) return;
      if (this.view === 'recharge') {
        const ok = await mayLeaveWizard({
          title: L('UI_PAY_LEAVE_TITLE'), body: L('UI_PAY_LEAVE_BODY'), ok: L('UI_PAY_LEAVE_OK'), cancel: L('UI_PAY_LEAVE_STAY'),
        });
        if (!ok) return;
      }
      this.view = view;
    },
  },
});
