import { AppError } from '../../contract/errors';
import type { CardReader } from './reader';

/**
 * Which reader to use: the one asked for (flag or settings) if it exists, else the first that holds a
 * card. No reader at all is READER_NONE; readers but no card is CARD_ABSENT.
 */
export async function chooseReader(reader: CardReader, preferred: string | null | undefined): Promise<string> {
  const states = await reader.readers();
  if (preferred) {
    if (!states.some((s) => s.name === preferred)) throw new AppError('READER_NOT_FOUND', { reader: preferred });
    return preferred;
  }
  if (states.length === 0) throw new AppError('READER_NONE');
  const withCard = states.find((s) => s.cardPresent);
  if (!withCard) throw new AppError('CARD_ABSENT', { readers: states.map((s) => s.name).join(', ') });
  return withCard.name;
}
