import { t } from '../../contract/i18n';
import { TABLE, type Row } from './machine';

/** The markers around the table in docs/architecture.md §2b (machine.test.ts checks the page shows this very table). */
export const TABLE_START = '<!-- machine-table:start (generated from main/recharge/machine.ts by `npm run docs:machine`) -->';
export const TABLE_END = '<!-- machine-table:end -->';

const list = (m: Row['state'] | Row['host'] | Row['card'] | Row['input']): string => (m === '*' ? 'any' : m.join(', '));

/** The recharge machine's table as Markdown: one line per row, in the order the machine reads them. */
export function machineTable(): string {
  const head = '| # | local state | host says | card shows | input | and | next | where it stops, a person can |\n|---|---|---|---|---|---|---|---|';
  const rows = TABLE.map((r, i) => {
    const then = 'step' in r.then ? `\`${r.then.step}\`` : r.then.stop === 'refuse' ? `refuse \`${r.then.code}\`` : `stop (${r.then.stop})`;
    return `| ${i + 1} | ${list(r.state)} | ${list(r.host)} | ${list(r.card)} | ${list(r.input)} | ${r.when?.text ?? ''} | ${then} | ${r.exit ? t(r.exit) : ''} |`;
  });
  return [head, ...rows].join('\n');
}
