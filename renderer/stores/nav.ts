import { ElMessageBox } from 'element-plus';
import { defineStore } from 'pinia';
import { L } from '../i18n';
import { useRecharge } from './recharge';

export type View = 'recharge' | 'check' | 'pending' | 'records' | 'dayend' | 'audit' | 'settings';

/** Which screen is shown. Leaving the wizard while a QR code is live asks first (the order stays pending). */
export const useNav = defineStore('nav', {
  state: () => ({ view: 'recharge' as View }),
  actions: {
    async go(view: View) {
      if (view === this.view) return;
      const wizard = useRecharge();
      if (this.view === 'recharge' && wizard.writing) return; // never walk away from a card write
      if (this.view === 'recharge' && wizard.qrLive) {
        const ok = await ElMessageBox.confirm(L('UI_PAY_LEAVE_BODY'), L('UI_PAY_LEAVE_TITLE'), {
          confirmButtonText: L('UI_PAY_LEAVE_OK'), cancelButtonText: L('UI_PAY_LEAVE_STAY'), type: 'warning',
        }).then(() => true, () => false);
        if (!ok) return;
        await wizard.dismiss();
      }
      this.view = view;
    },
  },
});
