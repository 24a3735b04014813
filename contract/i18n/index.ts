import type { Message, MessageTable } from './types';
import { common } from './common';
import { host } from './host';
import { card } from './card';
import { journal } from './journal';
import { ui } from './ui';
import { sim } from './sim';
import { recharge } from './recharge';
import { print } from './print';
import { report } from './report';
import { auth } from './auth';
import { channels } from './channels';
import { money } from './money';
import { hardening } from './hardening';
import { release } from './release';
import { decide } from './decide';
import { machine } from './machine';
import { estate } from './estate';
import { integrity } from './integrity';
import { receipt } from './receipt';
import { customer } from './customer';
import { screens } from './screens';

export type { Message, MessageTable } from './types';

/**
 * The one message table. Each domain keeps its strings in its own file (card, host, journal, recharge,
 * ui, …) and is merged here; a key may exist only once.
 */
const tables: MessageTable[] = [common, host, card, ui, recharge, sim, journal, auth, print, report, channels, money, hardening, release, decide, machine, estate, integrity, receipt, customer, screens];

export const messages: MessageTable = mergeTables(tables);

function mergeTables(list: MessageTable[]): MessageTable {
  const out: MessageTable = {};
  for (const table of list) {
    for (const [key, msg] of Object.entries(table)) {
      if (key in out) throw new Error(`i18n key defined twice: ${key}`);
      out[key] = msg;
    }
  }
  return out;
}

export type Locale = 'zh' | 'en';

/**
 * Parameters that name a recharge state, a host order status or a slip's field are written in words
 * (`PAID` → 已付款, `voucherNo` → 凭证号): the code that throws passes the value it has, and no message
 * shows staff a bare status or field name. The first table that has a word for the value wins.
 */
const PARAM_WORDS: Readonly<Record<string, readonly string[]>> = {
  state: ['UI_STATE_'], from: ['UI_STATE_'], to: ['UI_STATE_'],
  status: ['HOST_STATUS_', 'UI_STATE_'], hostStatus: ['HOST_STATUS_', 'UI_STATE_'],
  field: ['FIELD_NAME_'],
};

function paramText(name: string, value: string | number, locale: Locale): string {
  const text = String(value);
  for (const prefix of PARAM_WORDS[name] ?? []) {
    const word = /^\w+$/.test(text) ? messages[`${prefix}${text}`] : undefined;
    if (word) return word[locale];
  }
  return text;
}

/** Looks up `key` and fills `{name}` placeholders. An unknown key is shown as itself, never as blank. */
export function t(key: string, params: Record<string, string | number> = {}, locale: Locale = 'zh'): string {
  const msg: Message | undefined = messages[key];
  const template = msg ? msg[locale] : key;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => {
    const value = params[name];
    return value === undefined ? whole : paramText(name, value, locale);
  });
}

/** The evidence slip's words for a reason decide.ts journaled (its English text, contract/i18n/decide.ts); unknown text as it is. */
export function decisionReason(reason: string, locale: Locale = 'zh'): string {
  for (const [key, msg] of Object.entries(decide)) if (key.startsWith('DECIDE_') && !key.startsWith('DECIDE_VERDICT_') && msg.en === reason) return t(key, {}, locale);
  return reason;
}

/** A verdict decide.ts journaled (LOADED, NOT_LOADED, CONTRADICTION, UNCLEAR) in words; an unknown one as it is. */
export function decisionVerdict(verdict: string, locale: Locale = 'zh'): string {
  const key = `DECIDE_VERDICT_${verdict}`;
  return key in decide ? t(key, {}, locale) : verdict;
}
