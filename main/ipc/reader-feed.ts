import type { CardReader, CardReaderEvent } from '../card/reader';
import type { ReaderFeed, ReaderState } from './services';

const EVENTS: CardReaderEvent[] = ['reader-added', 'reader-removed', 'card-inserted', 'card-removed'];

/**
 * The status bar's view of main/card's reader: which readers exist, which one the counter uses (the
 * configured one, else the first holding a card, else the first) and whether it holds a card.
 */
export function readerFeed(reader: CardReader, preferred: string | null = null): ReaderFeed {
  async function state(): Promise<ReaderState> {
    const all = await reader.readers().catch(() => []);
    const chosen = all.find((r) => r.name === preferred) ?? all.find((r) => r.cardPresent) ?? all[0] ?? null;
    return { readers: all.map((r) => r.name), reader: chosen?.name ?? null, cardPresent: chosen?.cardPresent ?? false };
  }
  return {
    state,
    onChange(listener) {
      const push = () => void state().then(listener);
      const offs = EVENTS.map((e) => reader.on(e, push));
      return () => offs.forEach((off) => off());
    },
  };
}
