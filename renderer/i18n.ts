import { t } from '../contract/i18n';
import { PLATE_COLORS } from '../contract/card';
import { formatYuan, type Fen } from '../contract/money';
import type { RechargeState } from '../contract/recharge';

/** Chinese first: the renderer shows zh; English lives in the table for support and logs. */
export const L = (key: string, params: Record<string, string | number> = {}): string => t(key, params, 'zh');

export const stateLabel = (s: RechargeState): string => L(`UI_STATE_${s}`);
export const plateColorName = (c: number): string => PLATE_COLORS[c]?.zh ?? String(c);

/** "1,234.50" — thousands separators make large amounts readable at a glance. */
export function yuan(fen: Fen): string {
  const [int = '0', dec = '00'] = formatYuan(fen).split('.');
  return `${int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')}.${dec}`;
}

export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
