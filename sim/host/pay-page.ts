import type { HostOrder } from '../../contract/host-api';
import { t } from '../../contract/i18n';
import { formatYuan } from '../../contract/money';
import { PAY_CHANNEL_NAMES } from '../../contract/recharge';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * The page a training QR code points to (`GET /sim/pay/{id}`): what the customer's phone would show,
 * with one button that completes the payment through `POST /sim/orders/{id}/pay`.
 */
export function payPage(order: HostOrder): string {
  const title = t('HOST_SIM_PAY_TITLE');
  const line = t('HOST_SIM_PAY_ORDER', {
    channel: order.channel === 'pos' ? t('HOST_SIM_CHANNEL_POS') : PAY_CHANNEL_NAMES[order.channel].zh, orderId: order.orderId, plate: order.plate, yuan: formatYuan(order.amountFen),
  });
  const payable = order.status === 'AWAITING_PAYMENT';
  const status = order.status === 'PAID' || order.status === 'LOADED' ? t('HOST_SIM_PAY_DONE') : order.channelStatus;
  const action = `/sim/orders/${encodeURIComponent(order.orderId)}/pay`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escape(title)}</title>
<style>body{font-family:sans-serif;max-width:28rem;margin:2rem auto;padding:0 1rem}button{font-size:1.2rem;padding:.6rem 1.2rem}</style>
</head><body>
<h1>${escape(title)}</h1>
<p>${escape(line)}</p>
<p id="status">${escape(t('HOST_SIM_PAY_STATUS', { status }))}</p>
${payable ? `<button id="pay" type="button">${escape(t('HOST_SIM_PAY_BUTTON'))}</button>
<script>
document.getElementById('pay').addEventListener('click', async () => {
  await fetch(${JSON.stringify(action)}, { method: 'POST' });
  location.reload();
});
</script>` : ''}
</body></html>
`;
}
