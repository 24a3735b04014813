import type { PcscReader } from '../../main/card/pcsc-reader';
import type { VirtualCard } from '../../sim/card/virtual-card';
import { waitForCard } from './card-rig';

/**
 * Puts a vanished vpcd card back as a person would: after pcscd has seen it go, waiting a moment, and
 * re-seating it if pcscd does not take it. (pcscd's vpcd driver can miss a card that comes back while it
 * is still releasing the dead one: it powers it off and never on again — seen here with vpcd 3.3.)
 */
export async function reseat(card: VirtualCard, reader: PcscReader, readerName: string): Promise<void> {
  if (card.present) return;
  for (let attempt = 1; ; attempt++) {
    await waitForCard(reader, false, readerName);
    await new Promise((r) => setTimeout(r, 1000));
    card.insert();
    try {
      await waitForCard(reader, true, readerName, attempt < 3 ? 5000 : 20_000);
      return;
    } catch (e) {
      if (attempt >= 3) throw e;
      card.remove();
    }
  }
}
