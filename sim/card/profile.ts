import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { AppError } from '../../contract/errors';
import { gbkFits } from './gbk';

/**
 * A virtual card's profile (docs/architecture.md §4): what was personalised at issuance plus the purse's starting
 * state. Fields past `transactions` are simulator settings for facts docs/card-protocol.md marks UNCONFIRMED.
 */

const yyyymmdd = z
  .string()
  .regex(/^\d{8}$/, 'expected YYYYMMDD')
  .refine((s) => isCalendarDate(s), 'not a calendar date');

/** One 0018 record as written in a profile, newest first in `transactions`. */
export const ProfileTransactionSchema = z.object({
  serial: z.number().int().min(0).max(0xffff),
  overdraftFen: z.number().int().min(0).max(0xffffff).default(0),
  amountFen: z.number().int().min(0).max(0xffffffff),
  /** 2 = EP load 圈存, 6 = EP purchase, 9 = composite purchase. */
  type: z.number().int().min(0).max(255),
  terminalId: z.string().regex(/^[0-9A-Fa-f]{12}$/, 'terminalId must be 12 hex digits'),
  /** Local time `YYYY-MM-DDThh:mm:ss`, as contract/card.ts `CardTransaction.at`. */
  at: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/, 'expected YYYY-MM-DDThh:mm:ss')
    .refine((s) => isCalendarDate(s.slice(0, 10).replace(/-/g, '')), 'not a calendar date'),
});
export type ProfileTransaction = z.infer<typeof ProfileTransactionSchema>;

export const CardProfileSchema = z
  .object({
    issuerId: z.string().regex(/^[0-9A-Fa-f]{16}$/, 'issuerId must be 16 hex digits'),
    cardType: z.number().int().min(0).max(255),
    cardVersion: z.number().int().min(0).max(255),
    network: z.string().regex(/^\d{4}$/, 'network must be 4 digits'),
    internalNo: z.string().regex(/^\d{16}$/, 'internalNo must be 16 digits'),
    validFrom: yyyymmdd,
    validUntil: yyyymmdd,
    plate: z.string().min(1).refine((s) => gbkFits(s, 12), 'plate must fit 12 GBK bytes'),
    userType: z.number().int().min(0).max(255),
    plateColor: z.number().int().min(0).max(255),
    vehicleClass: z.number().int().min(0).max(255),
    /** Length of the 0015 file: 43 (older cards) or 50 (2019 format, with vehicle class). */
    format: z.union([z.literal(43), z.literal(50)]),
    balanceFen: z.number().int().min(0).max(0xffffffff),
    onlineSerial: z.number().int().min(0).max(0xffff),
    pin: z.string().regex(/^\d{4,12}$/, 'pin must be 4 to 12 digits'),
    pinEncoding: z.enum(['bcd', 'ascii']),
    holderName: z.string().refine((s) => gbkFits(s, 20), 'holderName must fit 20 GBK bytes'),
    holderIdNumber: z.string().regex(/^[\x20-\x7e]{0,32}$/, 'holderIdNumber: at most 32 ASCII characters').default(''),
    holderIdType: z.number().int().min(0).max(255).default(0),
    transactions: z.array(ProfileTransactionSchema),
    pinTries: z.number().int().min(1).max(15).default(3),
    /** Records the cyclic 0018 file holds (10 on many cards, up to 50 on some: UNCONFIRMED per issuer). */
    logCapacity: z.number().int().min(1).max(255).default(10),
    /** The card's balance cap (docs/card-protocol.md §5: UNCONFIRMED). */
    maxBalanceFen: z.number().int().min(0).max(0xffffffff).default(100_000_000),
    /** Status word INIT answers when balance + amount would pass the cap (UNCONFIRMED). */
    maxBalanceSw: z.string().regex(/^[0-9A-Fa-f]{4}$/, 'maxBalanceSw must be 4 hex digits').default('9402'),
    /**
     * Which serial GET TRANSACTION PROVE wants for a load (UNCONFIRMED): 'N' = the serial INIT answered
     * (the one in the session key and the TAC), 'N+1' = the serial after the load.
     */
    proveSerial: z.enum(['N', 'N+1']).default('N'),
    protocol: z.enum(['T0', 'T1']).default('T1'),
    /**
     * Dual-algorithm cards (version high nibble 5): the key index of the SM4 load key and the algorithm id
     * INIT answers for it (docs/card-protocol.md §3: 41 and most likely 04, both UNCONFIRMED).
     */
    sm4KeyIndex: z.number().int().min(0).max(255).default(0x41),
    sm4AlgId: z.number().int().min(0).max(255).default(0x04),
  })
  .refine((p) => p.balanceFen <= p.maxBalanceFen, { message: 'balanceFen exceeds maxBalanceFen', path: ['balanceFen'] })
  .refine((p) => p.transactions.length <= p.logCapacity, {
    message: 'more transactions than logCapacity',
    path: ['transactions'],
  });

export type CardProfile = z.infer<typeof CardProfileSchema>;

/** Validates a parsed profile; `source` names it in the error. */
export function parseCardProfile(json: unknown, source = 'profile'): CardProfile {
  const r = CardProfileSchema.safeParse(json);
  if (!r.success) {
    const detail = r.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
    throw new AppError('SIM_PROFILE_INVALID', { file: source, detail });
  }
  return r.data;
}

export function loadCardProfile(path: string): CardProfile {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new AppError('SIM_PROFILE_INVALID', { file: path, detail: e instanceof Error ? e.message : String(e) }, { cause: e });
  }
  return parseCardProfile(json, path);
}

/** A dual-algorithm card: version (0015 byte 9) high nibble 5; it holds an SM4 load key beside its 3DES one. */
export function isDualAlgorithm(p: Pick<CardProfile, 'cardVersion'>): boolean {
  return p.cardVersion >> 4 === 5;
}

/** The 20-digit card number staff see: network number + internal number (docs/card-protocol.md §1). */
export function cardNumber(p: Pick<CardProfile, 'network' | 'internalNo'>): string {
  return p.network + p.internalNo;
}

function isCalendarDate(s: string): boolean {
  const y = Number(s.slice(0, 4));
  const m = Number(s.slice(4, 6));
  const d = Number(s.slice(6, 8));
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}
