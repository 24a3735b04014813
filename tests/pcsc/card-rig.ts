import { execSync } from 'node:child_process';
import { PcscReader } from '../../main/card/pcsc-reader';
import type { LoadInit } from '../../main/card/port';
import { deriveCardKey, type KeyFile } from '../../sim/crypto/keys';
import { mac1, mac2, sessionLoadKey, tac } from '../../sim/crypto/pboc';
import type { CardProfile } from '../../sim/card/profile';
import { attachVpcd, type VpcdLink } from '../../sim/card/vpcd';
import { VirtualCard } from '../../sim/card/virtual-card';

/** Shared set-up for the tests and the bench that put a virtual card behind pcscd (docs/architecture.md §6). */

export const VPCD_PORT = 35963;
export const VPCD_READER = 'Virtual PCD 00 00';

/** The stock vpcd slots: 0 = port 35963 / "Virtual PCD 00 00", 1 = port 35964 / "Virtual PCD 00 01". */
export function vpcdSlot(n: number): { port: number; reader: string } {
  return { port: VPCD_PORT + n, reader: `Virtual PCD 00 0${n}` };
}

export function ensurePcscd(): void {
  execSync('pgrep -x pcscd >/dev/null || pcscd', { shell: '/bin/sh', stdio: 'inherit' });
}

/** Polls the reader until the slot shows (or no longer shows) a card; a deadline instead of a hang. */
export async function waitForCard(reader: PcscReader, present: boolean, name = VPCD_READER, deadlineMs = 20_000): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    const slot = (await reader.readers()).find((r) => r.name === name);
    if (slot && slot.cardPresent === present) return;
    if (Date.now() > until) throw new Error(`${name}: card ${present ? 'never appeared' : 'never went away'} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export interface Rig {
  card: VirtualCard;
  link: VpcdLink;
  reader: PcscReader;
  close(): Promise<void>;
}

/** A virtual card in a vpcd slot (default 0) and a PcscReader that sees it. */
export async function startRig(profile: CardProfile, keys: KeyFile, slot = vpcdSlot(0)): Promise<Rig> {
  const card = new VirtualCard(profile, keys);
  const reader = new PcscReader();
  try {
    await waitForCard(reader, false, slot.reader); // a card of an earlier test must be gone first
    const link = await attachVpcd(card, { port: slot.port, connectTimeoutMs: 20_000 });
    await waitForCard(reader, true, slot.reader);
    return {
      card, link, reader,
      async close() {
        await link.close();
        await waitForCard(reader, false, slot.reader).catch(() => undefined);
        await reader.close();
      },
    };
  } catch (e) {
    await reader.close();
    throw e;
  }
}

export const TERMINAL = '000001000050';

/** What the issuer host computes for a load, done test-side with the fixture key file (docs/card-protocol.md §3). */
export function hostSide(profile: CardProfile, keys: KeyFile, init: LoadInit, amountFen: number, hostDate: string, hostTime: string) {
  const dlk = deriveCardKey(keys, 'load', profile.issuerId, profile.internalNo, 1);
  const ses = sessionLoadKey(dlk, Buffer.from(init.random, 'hex'), init.onlineSerial);
  const common = { amountFen, terminalId: Buffer.from(TERMINAL, 'hex') };
  const when = { hostDate: Buffer.from(hostDate, 'hex'), hostTime: Buffer.from(hostTime, 'hex') };
  const dtk = deriveCardKey(keys, 'tac', profile.issuerId, profile.internalNo);
  return {
    mac1: mac1(ses, init.oldBalanceFen, common).toString('hex').toUpperCase(),
    mac2: mac2(ses, { ...common, ...when }).toString('hex').toUpperCase(),
    tac: tac(dtk, { ...common, ...when, newBalanceFen: init.oldBalanceFen + amountFen, onlineSerial: init.onlineSerial })
      .toString('hex').toUpperCase(),
  };
}
