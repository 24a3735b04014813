/**
 * How numbers that staff check by eye are written, on screen and on paper alike (docs/card-protocol.md §1).
 * Formatting only: the value stored, sent to the host and exported stays the plain digits.
 */

/**
 * The 20-digit card number (network number + internal number) in groups of four —
 * `6201 2307 1500 0041 8823` — so that a person can compare it group by group. Any other run of digits is
 * grouped the same way from the left; anything that is not only digits (already grouped, a placeholder)
 * comes back unchanged.
 */
export function groupCardNo(cardNo: string): string {
  if (!/^\d+$/.test(cardNo)) return cardNo;
  return (cardNo.match(/\d{1,4}/g) ?? [cardNo]).join(' ');
}
