import { t } from '../contract/i18n';
import { PLATE_COLORS } from '../contract/card';
import { businessDate, businessStamp } from '../contract/format';
import type { PayWay } from '../contract/ipc';
import { formatYuan, type Fen } from '../contract/money';
import type { RechargeState } from '../contract/recharge';

/** Chinese first: the renderer shows zh; English lives in the table for support and logs. */
export const L = (key: string, params: Record<string, string | number> = {}): string => t(key, params, 'zh');

export const stateLabel = (s: RechargeState): string => L(`UI_STATE_${s}`);
export const plateColorName = (c: number): string => PLATE_COLORS[c]?.zh ?? String(c);
/** The host's order status in the manual's words (已付款, 已圈存 …), never `PAID`. */
export const hostStatusLabel = (s: string): string => L(`HOST_STATUS_${s}`);
/** How a recharge was paid, as staff name it: 微信扫码, 微信付款码, 支付宝扫码 … (contract/format.ts payWayOf). */
export const wayLabel = (w: PayWay): string => L(`UI_WAY_NAME_${w}`);

/** "1,234.50" — thousands separators make large amounts readable at a glance. */
export function yuan(fen: Fen): string {
  const [int = '0', dec = '00'] = formatYuan(fen).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

/** An instant as staff read it: `YYYY-MM-DD HH:mm:ss`, Beijing time whatever this PC's zone (docs/architecture.md §3). */
export function localTime(iso: string): string {
  return businessStamp(iso);
}

/** Today's business date (Beijing), `YYYY-MM-DD`. */
export const businessToday = (): string => businessDate(new Date());
