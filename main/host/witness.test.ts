import { describe, expect, it } from 'vitest';
import type { ConfirmRequest, HostOrder, JournalWitness, UnloadedRequest } from '../../contract/host-api';
import type { HostLink } from './port';
import { withWitness } from './witness';

/** The witness decorator (docs/architecture.md §3c): confirm and unloaded carry the heads read at that call; nothing else changes. */
const head = (last: number) => ({ last, hash: last.toString(16).padStart(64, '0') });
const heads = (events: number): JournalWitness => ({
  journalId: 'ab'.repeat(16), events: head(events), audit: head(2), operators: head(1), closures: head(0), pins: head(0),
});
const evidence = { balanceFen: 100, onlineSerial: 3, loadRecord: null };

function recordingLink(): { link: HostLink; sent: [string, unknown][] } {
  const sent: [string, unknown][] = [];
  const order = { orderId: 'H1' } as HostOrder;
  const link = new Proxy({} as HostLink, {
    get: (_t, prop) => (...args: unknown[]) => {
      sent.push([String(prop), args[1] ?? args[0]]);
      return Promise.resolve(order);
    },
  });
  return { link, sent };
}

describe('withWitness', () => {
  it('adds the heads as they are at each confirm and unloaded; passes every other call through as it was', async () => {
    const { link, sent } = recordingLink();
    let events = 7;
    const host = withWitness(link, () => heads(events));
    const confirm: ConfirmRequest = { onlineSerial: 3, newBalanceFen: 200, tac: 'AABBCCDD', evidence: null };
    await host.confirm('H1', confirm);
    events = 9;
    await host.markUnloaded('H1', { evidence } satisfies UnloadedRequest);
    await host.getOrder('H1');
    await host.closeOrder('H1');
    expect(sent).toEqual([
      ['confirm', { ...confirm, witness: heads(7) }],
      ['markUnloaded', { evidence, witness: heads(9) }],
      ['getOrder', 'H1'],
      ['closeOrder', 'H1'],
    ]);
    expect(confirm).not.toHaveProperty('witness'); // the engine's own request is not changed
  });

  it('sends the call without a witness when the journal has none or cannot be read: the recharge still ends at the host', async () => {
    const { link, sent } = recordingLink();
    await withWitness(link, () => null).confirm('H1', { onlineSerial: 1, newBalanceFen: 1, tac: null, evidence });
    await withWitness(link, () => { throw new Error('SQLITE_IOERR'); }).markUnloaded('H1', { evidence });
    expect(sent).toEqual([['confirm', { onlineSerial: 1, newBalanceFen: 1, tac: null, evidence }], ['markUnloaded', { evidence }]]);
  });
});
