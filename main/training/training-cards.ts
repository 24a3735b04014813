import { readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import { AppError } from '../../contract/errors';
import type { KeyFile } from '../../sim/crypto/keys';
import { loadCardProfile } from '../../sim/card/profile';
import { VirtualCard } from '../../sim/card/virtual-card';
import type { InProcessCard } from '../card/in-process-reader';

/** Labels staff see in the training panel, per fixture file. */
const LABELS: Record<string, string> = {
  normal: '储值卡（正常）',
  account: '记账卡（不可充值）',
  expired: '过期卡',
  'near-max': '余额接近上限的卡',
  t0: '储值卡（T=0 读卡器）',
  // A card of version 5x: loaded with its SM4 key (41); the SM4 formulas are a hypothesis (docs/card-protocol.md §3).
  sm4: '双算法卡（SM4，卡版本 50）',
};

/**
 * The training reader's slot (培训模式): one of the fixture cards, inserted and pulled from the training
 * panel. Each card keeps its own state file, so a card pulled and inserted again is the same card.
 */
export class TrainingCardSlot implements InProcessCard {
  private current: VirtualCard | null = null;
  private readonly cards = new Map<string, VirtualCard>();

  constructor(
    private readonly profilesDir: string,
    private readonly stateDir: string,
    private readonly keys: KeyFile,
  ) {}

  profiles(): { id: string; label: string }[] {
    return readdirSync(this.profilesDir)
      .filter((f) => f.endsWith('.json'))
      .map((f) => basename(f, '.json'))
      .sort((a, b) => (a === 'normal' ? -1 : b === 'normal' ? 1 : a.localeCompare(b)))
      .map((id) => ({ id, label: LABELS[id] ?? id }));
  }

  insert(profileId: string): VirtualCard {
    if (!this.profiles().some((p) => p.id === profileId)) throw new AppError('TRAINING_PROFILE_UNKNOWN', { id: profileId });
    let card = this.cards.get(profileId);
    if (!card) {
      const profile = loadCardProfile(join(this.profilesDir, `${profileId}.json`));
      card = new VirtualCard(profile, this.keys, { statePath: join(this.stateDir, `${profileId}.json`) });
      this.cards.set(profileId, card);
    }
    this.current?.remove();
    card.insert();
    this.current = card;
    return card;
  }

  remove(): void {
    this.current?.remove();
    this.current = null;
  }

  /** The inserted virtual card, for tests and fault switches. */
  get card(): VirtualCard | null {
    return this.current;
  }

  get atr(): Buffer {
    return this.current?.atr ?? Buffer.alloc(0);
  }

  get present(): boolean {
    return this.current?.present ?? false;
  }

  transmit(apdu: Buffer): Buffer {
    return this.current ? this.current.transmit(apdu) : Buffer.alloc(0);
  }
}
