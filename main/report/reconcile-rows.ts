import { t } from '../../contract/i18n';
import type { Reconciliation, ReconcileRow } from '../../contract/ipc';
import { formatYuan } from '../../contract/money';
import { localStamp } from '../paper/html';
import { guardFormula, RECHARGE_COLUMNS, type Cell } from './rows';

/** The columns 对账 adds to each recharge row of the day export (export.ts). */
export const RECONCILE_HEADER = ['RECONCILE_COL_CATEGORY', 'RECONCILE_COL_HOST_STATUS', 'RECONCILE_COL_HOST_AMOUNT', 'RECONCILE_COL_TODO'] as const;

const CATEGORIES = [['matched', 'RECONCILE_MATCHED'], ['mismatched', 'RECONCILE_MISMATCHED'], ['hostOnly', 'RECONCILE_HOST_ONLY'],
  ['journalOnly', 'RECONCILE_JOURNAL_ONLY']] as const;

function find(rec: Reconciliation, rechargeId: string): { label: string; row: ReconcileRow } | null {
  for (const [key, label] of CATEGORIES) {
    const row = rec[key].find((x) => x.rechargeId === rechargeId);
    if (row) return { label, row };
  }
  return null;
}

/** The host's order status in the manual's words (contract/i18n/screens.ts HOST_STATUS_*), never the code. */
const hostWord = (x: ReconcileRow | null): string | null => (x?.hostStatus ? t(`HOST_STATUS_${x.hostStatus}`) : null);

const cells = (label: string | null, x: ReconcileRow | null): Cell[] => [
  label ? t(label) : null, hostWord(x), x?.hostAmountFen === null || x === null ? null : formatYuan(x.hostAmountFen),
  x?.todo ? guardFormula(t(x.todo)) : null,
];

/** A recharge's reconciliation cells; empty for one that was not reconciled (never ordered). */
export function reconcileCells(rec: Reconciliation, rechargeId: string): Cell[] {
  const hit = find(rec, rechargeId);
  return cells(hit?.label ?? null, hit?.row ?? null);
}

/** A host order the journal lacks, as a row of the recharge table: the host's fields, the rest empty. */
export function hostOnlyRow(h: ReconcileRow, tz?: string): Cell[] {
  const base: Cell[] = RECHARGE_COLUMNS.map((c) => {
    switch (c.key) {
      case 'COL_TIME': return localStamp(h.createdAt, tz);
      case 'COL_CARD_NO': return h.cardNo;
      case 'COL_PLATE': return guardFormula(h.plate);
      case 'COL_AMOUNT_YUAN': return formatYuan(h.amountFen);
      case 'COL_AMOUNT_FEN': return h.amountFen;
      case 'COL_ORDER_ID': return h.orderId;
      default: return null;
    }
  });
  return [...base, ...cells('RECONCILE_HOST_ONLY', h)];
}

/** The XLSX sheet 对账: all four lists, one row per order. */
export const reconcileSheet = {
  header: (): string[] => ['RECONCILE_COL_CATEGORY', 'COL_TIME', 'COL_RECHARGE_ID', 'COL_ORDER_ID', 'PRINT_POS_REFERENCE', 'COL_CARD_NO', 'COL_PLATE', 'COL_AMOUNT_YUAN',
    'RECONCILE_COL_HOST_AMOUNT', 'COL_STATE', 'RECONCILE_COL_HOST_STATUS', 'RECONCILE_COL_PROBLEM', 'RECONCILE_COL_TODO'].map((k) => t(k)),
  rows: (rec: Reconciliation, tz?: string): Cell[][] => CATEGORIES.flatMap(([key, label]) => rec[key].map((x): Cell[] => [
    t(label), localStamp(x.createdAt, tz), x.rechargeId, x.orderId, x.posReferenceNo, x.cardNo, guardFormula(x.plate), formatYuan(x.amountFen),
    x.hostAmountFen === null ? null : formatYuan(x.hostAmountFen), x.state ? t(`UI_STATE_${x.state}`) : null, hostWord(x),
    x.problem ? t(`RECONCILE_PROBLEM_${x.problem}`) : null, x.todo ? t(x.todo) : null,
  ])),
};
