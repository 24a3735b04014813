import { CARD_TYPE_ACCOUNT, CARD_TYPE_STORED_VALUE, type CardInfo } from '../../contract/card';

/**
 * Why this card may not be loaded at a counter on `today` (YYYY-MM-DD, local date), as an i18n code, or
 * null when it may. Only stored-value cards (储值卡) inside their validity window; both ends inclusive.
 */
export function loadRefusal(card: Pick<CardInfo, 'cardType' | 'validFrom' | 'validUntil'>, today: string): string | null {
  if (card.cardType === CARD_TYPE_ACCOUNT) return 'CARD_ACCOUNT_CARD';
  if (card.cardType !== CARD_TYPE_STORED_VALUE) return 'CARD_NOT_STORED_VALUE';
  // ISO dates compare correctly as strings.
  if (today > card.validUntil) return 'CARD_EXPIRED';
  if (today < card.validFrom) return 'CARD_NOT_YET_VALID';
  return null;
}
