import type { CounterStatus } from '../../contract/ipc';
import type { CardReader, CardReaderEvent } from '../card/reader';

/** The readers as the status bar sees them: the contract's status fields, nothing of its own. */
export type StatusReaders = Pick<CounterStatus, 'readers' | 'reader' | 'cardPresent'>;

/** Reader plug/unplug and card insert/remove, adapted from main/card's reader by `readerFeed`. */
export interface ReaderFeed {
  state(): Promise<StatusReaders>;
  onChange(listener: (s: StatusReaders) => void): () => void;
}

const EVENTS: CardReaderEvent[] = ['reader-added', 'reader-removed', 'card-inserted', 'card-removed'];

/**
 * The status bar's view of main/card's reader: which readers exist, which one the counter uses (the
 * configured one, else the first holding a card, else the first) and whether it holds a card.
 */
export function readerFeed(reader: CardReader, preferred: string | null | (() => string | null) = null): ReaderFeed {
  const wanted = typeof preferred === 'function' ? preferred : () => preferred;
  async function state(): Promise<StatusReaders> {
    const all = await reader.readers().catch(() => []);
    const chosen = all.find((r) => r.name === wanted()) ?? all.find((r) => r.cardPresent) ?? all[0] ?? null;
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
