import type { CardEvidence } from '../../contract/host-api';
import type { CardPort } from '../card/port';
import type { CardProbe } from './decide';
import type { PinGate } from './pin-gate';

/**
 * Reading a card without changing it (docs/card-protocol.md §4): GET BALANCE, VERIFY (through the PIN gate),
 * a probing INITIALIZE FOR LOAD of one fen — it commits nothing and tells the online serial N'; no CREDIT
 * ever follows it — and the 0018 log. One fen, so that a card already loaded and now near its maximum
 * balance still answers. The card must have been read (connected) just before, by the caller.
 */
export async function probeCard(
  card: Pick<CardPort, 'getBalance' | 'verifyPin' | 'initForLoad' | 'readLog'>, pins: PinGate,
  r: { id: string; cardNo: string; terminalId: string }, keyIndex: number,
): Promise<CardProbe> {
  const balanceFen = await card.getBalance();
  await pins.verify(card, r.cardNo, r.id);
  const probe = await card.initForLoad({ amountFen: 1, terminalId: r.terminalId, keyIndex });
  const log = await card.readLog();
  return { balanceFen, onlineSerial: probe.onlineSerial, log };
}

/** The evidence the host and the evidence slip are given: balance, N' and the load record found, if any. */
export function evidenceOf(p: { balanceFen: number; onlineSerial: number }, record: CardProbe['log'][number] | null): CardEvidence {
  return {
    balanceFen: p.balanceFen, onlineSerial: p.onlineSerial,
    loadRecord: record ? { serial: record.serial, amountFen: record.amountFen, terminalId: record.terminalId, at: record.at } : null,
  };
}

/** GET TRANSACTION PROVE — which serial the card wants is UNCONFIRMED (docs/card-protocol.md §2), so try N then N+1. */
export async function proveTac(card: Pick<CardPort, 'transactionProve'>, serial: number): Promise<string | null> {
  for (const s of [serial, serial + 1]) {
    try {
      const p = await card.transactionProve(s);
      if (p) return p.tac;
    } catch {
      /* a card without the command: the evidence speaks instead */
    }
  }
  return null;
}
