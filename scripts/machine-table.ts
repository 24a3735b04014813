// Writes the recharge machine's table (main/recharge/machine.ts) into docs/architecture.md §2b between its markers.
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { machineTable, TABLE_END, TABLE_START } from '../main/recharge/machine-doc';

const doc = fileURLToPath(new URL('../docs/architecture.md', import.meta.url));
const text = readFileSync(doc, 'utf8');
const a = text.indexOf(TABLE_START);
const b = text.indexOf(TABLE_END);
if (a < 0 || b < a) throw new Error(`docs/architecture.md has no ${TABLE_START} … ${TABLE_END}`);
writeFileSync(doc, `${text.slice(0, a + TABLE_START.length)}\n${machineTable()}\n${text.slice(b)}`);
console.log('docs/architecture.md: the machine table is written');
