import type { WitnessChain } from './host-api';
import { t, type Locale } from './i18n';

/**
 * The journal file compared with what the host witnessed of it (docs/architecture.md §3c): `journal verify`
 * with a host, and 对账 (the day view, the 日结单, `journal reconcile`) carry it.
 *
 * - `ok`: every chain the host witnessed is in the file, with the hash the host saw.
 * - `broken`: the file is shorter than a witnessed head (`missing`: the positions cut off) or holds another
 *   row where the host saw one (`differs`: history rewritten).
 * - `other-journal`: the host keeps the heads of another journal file for this terminal (replaced, or copied).
 * - `none`: the host keeps nothing for this terminal yet (no recharge has ended there since).
 */
export type WitnessFinding =
  | { chain: WitnessChain; kind: 'missing'; from: number; to: number }
  | { chain: WitnessChain; kind: 'differs'; position: number };

export interface WitnessCheck {
  status: 'ok' | 'broken' | 'other-journal' | 'none';
  /** This file's journal id, and the one the host witnessed. */
  journalId: string | null;
  witnessedJournalId: string | null;
  /** When the host last saw a chain move forward (ISO), or null. */
  receivedAt: string | null;
  /** The witnessed positions of the events and audit chains (0 when none). */
  witnessed: { events: number; audit: number };
  findings: WitnessFinding[];
}

/** The check in words, one line each (contract/i18n/integrity.ts); `at` formats the host's ISO time for the reader. */
export function witnessText(c: WitnessCheck, at: (iso: string) => string, locale: Locale = 'zh'): string[] {
  const when = c.receivedAt ? at(c.receivedAt) : '—';
  if (c.status === 'none') return [t('WITNESS_NONE', {}, locale)];
  if (c.status === 'other-journal') {
    return [t('WITNESS_OTHER_JOURNAL', { witnessed: shortId(c.witnessedJournalId), mine: shortId(c.journalId), at: when }, locale)];
  }
  if (c.status === 'ok') return [t('WITNESS_OK', { at: when, events: c.witnessed.events, audit: c.witnessed.audit }, locale)];
  return c.findings.map((f) => {
    const chain = t(`WITNESS_CHAIN_${f.chain.toUpperCase()}`, {}, locale);
    return f.kind === 'missing'
      ? t('WITNESS_MISSING', { chain, from: f.from, to: f.to, at: when }, locale)
      : t('WITNESS_DIFFERS', { chain, position: f.position, at: when }, locale);
  });
}

/** A journal id as people compare it: its first 8 hex digits. */
function shortId(id: string | null): string {
  return id === null ? '—' : id.slice(0, 8).toUpperCase();
}
