import { fromHex, toHex } from './apdu';
import type { InProcessCard } from './in-process-reader';

/** One expected command and the bytes the card answers (hex, spaces allowed). */
export type ScriptStep = [expectApdu: string, answer: string];

/**
 * A card for unit tests that follows a script: each APDU must be the next expected one, byte for byte,
 * and gets the scripted answer. A mismatch is recorded (the reader would turn a throw into CARD_REMOVED
 * and hide it) and reported by `assertDone()`.
 */
export class ScriptedCard implements InProcessCard {
  atr = fromHex('3B 80 80 01 01');
  present = true;
  readonly sent: string[] = [];
  private readonly steps: ScriptStep[];
  private mismatch: string | null = null;

  constructor(script: ScriptStep[]) {
    this.steps = [...script];
  }

  /** Appends more steps (e.g. after a read, the load). */
  then(script: ScriptStep[]): this {
    this.steps.push(...script);
    return this;
  }

  transmit(apdu: Buffer): Buffer {
    const got = toHex(apdu);
    this.sent.push(got);
    const step = this.steps.shift();
    const want = step ? step[0].replace(/\s+/g, '').toUpperCase() : '(end of script)';
    if (!step || want !== got) {
      this.mismatch ??= `APDU #${this.sent.length}: expected ${want}, got ${got}`;
      return Buffer.alloc(0);
    }
    return fromHex(step[1]);
  }

  /** Throws if a command differed from the script or scripted commands were never sent. */
  assertDone(): void {
    if (this.mismatch) throw new Error(this.mismatch);
    if (this.steps.length > 0) throw new Error(`${this.steps.length} scripted APDUs not sent, next: ${this.steps[0]?.[0]}`);
  }
}

/** Real 43-byte 0015 from docs/card-protocol.md §1 (陕AOK112, card 61011518220000249639). */
export const SAMPLE_0015_43 =
  'C9C2CEF761010001 16 10 6101 1518220000249639 20160526 20260526 C9C2414F4B31313200000000 00 0000';

/** The card APDUs of `EtcCard.read()` up to and including GET BALANCE, for a T=1 card with 0016 absent. */
export function readScript(file0015: string, balanceHex: string, log: string[] = []): ScriptStep[] {
  return [
    ['00A40000023F00', '9000'],
    ['00B0960037', '6A82'],
    ['00A40000021001', '9000'],
    ['00B0950000', `${file0015} 9000`],
    ['805C000204', `${balanceHex} 9000`],
    ...log.map((rec, i): ScriptStep => [`00B2${(i + 1).toString(16).padStart(2, '0')}C417`, `${rec} 9000`]),
    [`00B2${(log.length + 1).toString(16).padStart(2, '0')}C417`, '6A83'],
  ];
}
