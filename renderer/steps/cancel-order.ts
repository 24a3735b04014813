import { confirmBox, notifyDone } from '../dialogs';
import { L, yuan } from '../i18n';
import { useRecharge } from '../stores/recharge';

/**
 * 取消订单 on the payment step: asked first (the QR code stops working; a paid order is refused by main), then
 * said done — the wizard is back at 读卡, and the clerk sees why.
 */
export async function cancelOrder(): Promise<void> {
  const wizard = useRecharge();
  const r = wizard.record;
  if (!r || wizard.busy) return;
  const ok = await confirmBox({
    title: L('UI_PAY_CANCEL_TITLE'), body: L('UI_PAY_CANCEL_BODY', { amount: yuan(r.amountFen) }),
    ok: L('UI_PAY_CANCEL_OK'), cancel: L('UI_PAY_CANCEL_KEEP'), danger: true,
  });
  if (!ok) return;
  await wizard.cancel();
  if (!wizard.error && wizard.step === 'read') notifyDone(L('UI_PAY_CANCEL_DONE'));
}
