import type { AuthorizeRequest, AuthorizeResponse, CardEvidence, ConfirmRequest, HostOrder, UnloadedRequest } from '../../contract/host-api';
import { formatYuan } from '../../contract/money';
import { deriveCardKey, type MasterKey } from '../crypto/keys';
import { loadSuite, type LoadSuite } from '../crypto/suite';
import { cardIdentity, orderRow } from './access';
import { beijing } from './clock';
import type { HostContext } from './context';
import { badRequest, conflict, HostError } from './errors';
import { toHostOrder } from './order-view';
import type { AuthorizationRow, OrderRow } from './store';

/**
 * The load (圈存) half of the host: MAC1 → MAC2, TAC or card evidence → LOADED, proof of absence → UNLOADED.
 *
 * Re-authorization policy (docs/architecture.md §2 rule 4, docs/card-protocol.md §4):
 *  - the same serial N, random and MAC1 again → the SAME MAC2 and host date/time, from the store;
 *  - the same serial N with a new random → a new MAC2: the card still shows N, so no earlier MAC2 of this
 *    order was ever used, and its new INIT has voided them all;
 *  - another serial while an earlier MAC2 is not proven unused → 409 SERIAL_CHANGED: the card has been
 *    loaded since, perhaps with that very MAC2. Proving it unused (`/unloaded`) reopens the order for a
 *    repair load (圈存修复): the order goes back to PAID and the repair is recorded in its events.
 * The crypto follows the card (docs/card-protocol.md §3): algorithm id 00 → 3DES, the SM4 id (04) → the SM4
 * HYPOTHESIS suite; each MAC2 remembers its algorithm and key version, so confirm checks the TAC the same way.
 * Orders being refunded or refunded are never authorized (docs/architecture.md §3a).
 */
const hexBuf = (s: string) => Buffer.from(s, 'hex');
const EP_LOAD_ALG_3DES = 0;

/**
 * The statuses a load step may not touch: unpaid, closed, and an order being refunded or refunded
 * (docs/architecture.md §3a: a refunded order is never loaded).
 */
function payable(row: OrderRow): void {
  if (row.status === 'AWAITING_PAYMENT') throw conflict('ORDER_NOT_PAID', { orderId: row.orderId });
  if (row.status === 'CLOSED') throw conflict('ORDER_CLOSED', { orderId: row.orderId });
  if (row.status === 'REFUNDING') throw conflict('ORDER_REFUNDING', { orderId: row.orderId });
  if (row.status === 'REFUNDED') throw conflict('ORDER_REFUNDED', { orderId: row.orderId });
}

/**
 * The crypto of a load, picked by the algorithm id the card's INIT answered (00 = 3DES, the configured SM4
 * id = the SM4 hypothesis) and the key version; a dual-algorithm card is one whose version has high nibble 5.
 */
function suiteFor(ctx: HostContext, algId: number, keyVersion: number, cardVersion?: number): { suite: LoadSuite; master: MasterKey } {
  const alg = algId === EP_LOAD_ALG_3DES ? '3des' : algId === ctx.config.sm4AlgId ? 'sm4' : null;
  if (alg === null) throw badRequest('ALG_UNSUPPORTED', { algId });
  if (alg === 'sm4' && cardVersion !== undefined && cardVersion >> 4 !== 5) throw badRequest('ALG_CARD_MISMATCH', { algId, cardVersion });
  const master = ctx.config.keys.masterKeys.find((m) => m.usage === 'load' && m.alg === alg && m.version === keyVersion);
  if (!master) throw badRequest('KEY_VERSION_UNKNOWN', { version: keyVersion });
  return { suite: loadSuite(alg), master };
}

function cardKey(ctx: HostContext, usage: 'load' | 'tac', cardNo: string, master: { alg: MasterKey['alg']; keyIndex?: number }): Buffer {
  const { issuerId, internalNo } = cardIdentity(ctx, cardNo);
  return deriveCardKey(ctx.config.keys, usage, issuerId, internalNo, usage === 'load' ? { keyIndex: master.keyIndex, alg: master.alg } : { alg: master.alg });
}

export function authorize(ctx: HostContext, orderId: string, req: AuthorizeRequest): AuthorizeResponse {
  const random = req.random.toUpperCase();
  const mac1Hex = req.mac1.toUpperCase();
  const terminalId = req.terminalId.toUpperCase();
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    payable(row);
    // Any terminal may load a paid order (圈存 at a counter of an order paid elsewhere): the load terminal
    // is bound into MAC1/MAC2/TAC and kept with the authorization, not required to be the ordering one.
    for (const [field, ok] of [
      ['cardNo', req.cardNo === row.cardNo], ['amountFen', req.amountFen === row.amountFen],
    ] as const) {
      if (!ok) throw conflict('ORDER_MISMATCH', { field });
    }
    const auths = ctx.store.authorizations(orderId);
    const same = auths.find((a) =>
      a.onlineSerial === req.onlineSerial && a.random === random && a.mac1 === mac1Hex && a.oldBalanceFen === req.oldBalanceFen);
    if (same) return { mac2: same.mac2, hostDate: same.hostDate, hostTime: same.hostTime };
    if (row.status === 'LOADED') throw conflict('ORDER_LOADED', { orderId });
    const live = auths.find((a) => a.provenUnused === 0 && a.onlineSerial !== req.onlineSerial);
    if (live) throw conflict('SERIAL_CHANGED', { previous: live.onlineSerial, current: req.onlineSerial });

    const { suite, master } = suiteFor(ctx, req.algId, req.keyVersion, req.cardVersion);
    const terminal = hexBuf(terminalId);
    const sesLk = suite.sessionLoadKey(cardKey(ctx, 'load', row.cardNo, master), hexBuf(random), req.onlineSerial);
    const expected = suite.mac1(sesLk, req.oldBalanceFen, { amountFen: row.amountFen, terminalId: terminal });
    if (!expected.equals(hexBuf(mac1Hex))) throw badRequest('MAC1_INVALID');
    if (req.oldBalanceFen + row.amountFen > ctx.config.cardMaxBalanceFen) {
      throw conflict('BALANCE_LIMIT_EXCEEDED', { max: formatYuan(ctx.config.cardMaxBalanceFen) });
    }

    const now = ctx.now();
    const { date: hostDate, time: hostTime } = beijing(now);
    const mac2Hex = suite.mac2(sesLk, { amountFen: row.amountFen, terminalId: terminal, hostDate: hexBuf(hostDate), hostTime: hexBuf(hostTime) })
      .toString('hex').toUpperCase();
    const at = now.toISOString();
    ctx.store.insertAuthorization({
      orderId, onlineSerial: req.onlineSerial, random, mac1: mac1Hex, oldBalanceFen: req.oldBalanceFen, terminalId,
      hostDate, hostTime, mac2: mac2Hex, createdAt: at, algId: req.algId, keyVersion: req.keyVersion,
    });
    if (row.status === 'UNLOADED') {
      // 圈存修复: the money owed is being loaded again, so the order is unresolved (a half record) once more.
      ctx.store.updateOrder(orderId, { status: 'PAID' });
      ctx.store.addEvent(orderId, at, 'repair-authorized', { onlineSerial: req.onlineSerial });
    }
    ctx.store.addEvent(orderId, at, 'authorized', {
      onlineSerial: req.onlineSerial, oldBalanceFen: req.oldBalanceFen, hostDate, hostTime, algId: req.algId, suite: suite.alg,
    });
    return { mac2: mac2Hex, hostDate, hostTime };
  });
}

/** The 0018 record matches this authorization: amount, terminal and the host date/time it carried. */
function recordMatches(a: AuthorizationRow, row: OrderRow, ev: CardEvidence): boolean {
  const r = ev.loadRecord;
  if (!r) return false;
  return r.amountFen === row.amountFen && r.terminalId.toUpperCase() === a.terminalId
    && r.at.replace(/\D/g, '') === `${a.hostDate}${a.hostTime}`;
}

/** Serial and balance moved exactly as this authorization's load would move them. */
function balanceShowsLoad(a: AuthorizationRow, row: OrderRow, ev: CardEvidence): boolean {
  return ev.onlineSerial === a.onlineSerial + 1 && ev.balanceFen === a.oldBalanceFen + row.amountFen;
}

/** The authorization at `req`'s serial whose TAC (computed with that load's suite) is the one the card gave. */
function tacMatch(ctx: HostContext, row: OrderRow, req: ConfirmRequest, auths: AuthorizationRow[]): AuthorizationRow | undefined {
  const given = (req.tac ?? '').toUpperCase();
  return auths.find((a) => {
    if (req.newBalanceFen !== a.oldBalanceFen + row.amountFen) return false;
    const { suite, master } = suiteFor(ctx, a.algId, a.keyVersion);
    const dtk = cardKey(ctx, 'tac', row.cardNo, master);
    return suite.tac(dtk, {
      newBalanceFen: req.newBalanceFen, onlineSerial: a.onlineSerial, amountFen: row.amountFen, terminalId: hexBuf(a.terminalId),
      hostDate: hexBuf(a.hostDate), hostTime: hexBuf(a.hostTime),
    }).toString('hex').toUpperCase() === given;
  });
}

/**
 * A load reported for an order being refunded or refunded. The refund job holds back every order whose
 * MAC2 may be on the card, so this needs a MAC2 the host wrongly believed unused; if a valid TAC proves
 * the load, the proof is kept (event `loaded-after-refund`) and answered ORDER_REFUNDED_BUT_LOADED: the
 * money went out twice, a case for the issuer's administrator with this evidence. The status stays.
 */
function refundedButLoaded(ctx: HostContext, row: OrderRow, req: ConfirmRequest): HostError {
  const code = row.status === 'REFUNDING' ? 'ORDER_REFUNDING' : 'ORDER_REFUNDED';
  if (req.tac === null) return conflict(code, { orderId: row.orderId });
  const match = tacMatch(ctx, row, req, ctx.store.authorizations(row.orderId).filter((a) => a.onlineSerial === req.onlineSerial));
  if (!match) return badRequest('TAC_INVALID');
  ctx.store.addEvent(row.orderId, ctx.now().toISOString(), 'loaded-after-refund', {
    onlineSerial: req.onlineSerial, newBalanceFen: req.newBalanceFen, tac: req.tac.toUpperCase(), status: row.status, refundNo: row.refundNo,
  });
  return conflict('ORDER_REFUNDED_BUT_LOADED', { orderId: row.orderId, status: row.status });
}

export function confirm(ctx: HostContext, orderId: string, req: ConfirmRequest): HostOrder {
  const answer = ctx.store.tx((): HostOrder | HostError => {
    const row = orderRow(ctx, orderId);
    if (row.status === 'REFUNDING' || row.status === 'REFUNDED') return refundedButLoaded(ctx, row, req);
    payable(row);
    if (row.status === 'LOADED') return toHostOrder(ctx, row);
    const auths = ctx.store.authorizations(orderId).filter((a) => a.onlineSerial === req.onlineSerial);
    if (auths.length === 0) throw conflict('NOT_AUTHORIZED', { orderId, serial: req.onlineSerial });
    let match: AuthorizationRow | undefined;
    if (req.tac !== null) {
      // A TAC is the card's own proof of the load, so it is accepted even after an (evidently wrong) UNLOADED.
      match = tacMatch(ctx, row, req, auths);
      if (!match) throw badRequest('TAC_INVALID');
    } else if (req.evidence !== null) {
      if (row.status === 'UNLOADED') throw conflict('ORDER_UNLOADED', { orderId });
      const ev = req.evidence;
      match = auths.find((a) => req.newBalanceFen === a.oldBalanceFen + row.amountFen && balanceShowsLoad(a, row, ev)
        && (ev.loadRecord === null || recordMatches(a, row, ev)));
      if (!match) throw conflict('EVIDENCE_NOT_LOADED');
    }
    if (!match) throw badRequest('REQUEST_INVALID', { detail: 'tac or evidence' });
    const at = ctx.now().toISOString();
    const patch = { status: 'LOADED' as const, loadedAt: at, newBalanceFen: req.newBalanceFen, loadTerminalId: match.terminalId };
    ctx.store.updateOrder(orderId, patch);
    ctx.store.addEvent(orderId, at, 'loaded', {
      via: req.tac !== null ? 'tac' : 'evidence', onlineSerial: req.onlineSerial, newBalanceFen: req.newBalanceFen,
      wasUnloaded: row.status === 'UNLOADED', evidence: req.evidence,
    });
    return toHostOrder(ctx, { ...row, ...patch });
  });
  if (answer instanceof HostError) throw answer;
  return answer;
}

/**
 * 未圈存: refused when the evidence shows a live MAC2 of this order on the card. Repeating it is a no-op;
 * for an order being refunded or refunded it changes nothing and answers the order (it is not on the card).
 */
export function markUnloaded(ctx: HostContext, orderId: string, req: UnloadedRequest): HostOrder {
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    if (row.status === 'REFUNDING' || row.status === 'REFUNDED') return toHostOrder(ctx, row);
    payable(row);
    if (row.status === 'LOADED') throw conflict('ORDER_LOADED', { orderId });
    if (row.status === 'UNLOADED') return toHostOrder(ctx, row);
    const ev = req.evidence;
    const live = ctx.store.authorizations(orderId).filter((a) => a.provenUnused === 0);
    if (live.some((a) => balanceShowsLoad(a, row, ev) || recordMatches(a, row, ev))) throw conflict('EVIDENCE_SHOWS_LOADED');
    const at = ctx.now().toISOString();
    ctx.store.updateOrder(orderId, { status: 'UNLOADED', unloadedAt: at });
    ctx.store.markAuthorizationsUnused(orderId);
    ctx.store.addEvent(orderId, at, 'unloaded', { evidence: ev, authorizations: live.length });
    return toHostOrder(ctx, { ...row, status: 'UNLOADED', unloadedAt: at });
  });
}
