import type { AuthorizeRequest, AuthorizeResponse, CardEvidence, ConfirmRequest, HostOrder, UnloadedRequest } from '../../contract/host-api';
import { formatYuan } from '../../contract/money';
import { deriveCardKey, findMasterKey } from '../crypto/keys';
import { mac1, mac2, sessionLoadKey, tac } from '../crypto/pboc';
import { beijing } from './clock';
import { badRequest, conflict } from './errors';
import { cardIdentity, orderRow, toHostOrder, type HostContext } from './orders';
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
 */
const hexBuf = (s: string) => Buffer.from(s, 'hex');
const EP_LOAD_ALG_3DES = 0;

function payable(row: OrderRow): void {
  if (row.status === 'AWAITING_PAYMENT') throw conflict('ORDER_NOT_PAID', { orderId: row.orderId });
  if (row.status === 'CLOSED' || row.status === 'REFUNDING' || row.status === 'REFUNDED') {
    throw conflict('ORDER_CLOSED', { orderId: row.orderId });
  }
}

function cardKey(ctx: HostContext, usage: 'load' | 'tac', cardNo: string): Buffer {
  const { issuerId, internalNo } = cardIdentity(ctx, cardNo);
  return deriveCardKey(ctx.config.keys, usage, issuerId, internalNo);
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

    if (req.algId !== EP_LOAD_ALG_3DES) throw badRequest('ALG_UNSUPPORTED', { algId: req.algId });
    if (findMasterKey(ctx.config.keys, 'load').version !== req.keyVersion) throw badRequest('KEY_VERSION_UNKNOWN', { version: req.keyVersion });
    const terminal = hexBuf(terminalId);
    const sesLk = sessionLoadKey(cardKey(ctx, 'load', row.cardNo), hexBuf(random), req.onlineSerial);
    const expected = mac1(sesLk, req.oldBalanceFen, { amountFen: row.amountFen, terminalId: terminal });
    if (!expected.equals(hexBuf(mac1Hex))) throw badRequest('MAC1_INVALID');
    if (req.oldBalanceFen + row.amountFen > ctx.config.cardMaxBalanceFen) {
      throw conflict('BALANCE_LIMIT_EXCEEDED', { max: formatYuan(ctx.config.cardMaxBalanceFen) });
    }

    const now = ctx.now();
    const { date: hostDate, time: hostTime } = beijing(now);
    const mac2Hex = mac2(sesLk, { amountFen: row.amountFen, terminalId: terminal, hostDate: hexBuf(hostDate), hostTime: hexBuf(hostTime) })
      .toString('hex').toUpperCase();
    const at = now.toISOString();
    ctx.store.insertAuthorization({
      orderId, onlineSerial: req.onlineSerial, random, mac1: mac1Hex, oldBalanceFen: req.oldBalanceFen, terminalId,
      hostDate, hostTime, mac2: mac2Hex, createdAt: at,
    });
    if (row.status === 'UNLOADED') {
      // 圈存修复: the money owed is being loaded again, so the order is unresolved (a half record) once more.
      ctx.store.updateOrder(orderId, { status: 'PAID' });
      ctx.store.addEvent(orderId, at, 'repair-authorized', { onlineSerial: req.onlineSerial });
    }
    ctx.store.addEvent(orderId, at, 'authorized', { onlineSerial: req.onlineSerial, oldBalanceFen: req.oldBalanceFen, hostDate, hostTime });
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

export function confirm(ctx: HostContext, orderId: string, req: ConfirmRequest): HostOrder {
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    payable(row);
    if (row.status === 'LOADED') return toHostOrder(row);
    const auths = ctx.store.authorizations(orderId).filter((a) => a.onlineSerial === req.onlineSerial);
    if (auths.length === 0) throw conflict('NOT_AUTHORIZED', { orderId, serial: req.onlineSerial });
    const expectedBalance = (a: AuthorizationRow) => a.oldBalanceFen + row.amountFen;
    let match: AuthorizationRow | undefined;
    if (req.tac !== null) {
      const dtk = cardKey(ctx, 'tac', row.cardNo);
      const given = req.tac.toUpperCase();
      // A TAC is the card's own proof of the load, so it is accepted even after an (evidently wrong) UNLOADED.
      match = auths.find((a) => req.newBalanceFen === expectedBalance(a) && tac(dtk, {
        newBalanceFen: req.newBalanceFen, onlineSerial: a.onlineSerial, amountFen: row.amountFen, terminalId: hexBuf(a.terminalId),
        hostDate: hexBuf(a.hostDate), hostTime: hexBuf(a.hostTime),
      }).toString('hex').toUpperCase() === given);
      if (!match) throw badRequest('TAC_INVALID');
    } else if (req.evidence !== null) {
      if (row.status === 'UNLOADED') throw conflict('ORDER_UNLOADED', { orderId });
      const ev = req.evidence;
      match = auths.find((a) => req.newBalanceFen === expectedBalance(a) && balanceShowsLoad(a, row, ev)
        && (ev.loadRecord === null || recordMatches(a, row, ev)));
      if (!match) throw conflict('EVIDENCE_NOT_LOADED');
    }
    if (!match) throw badRequest('REQUEST_INVALID', { detail: 'tac or evidence' });
    const at = ctx.now().toISOString();
    ctx.store.updateOrder(orderId, { status: 'LOADED', loadedAt: at, newBalanceFen: req.newBalanceFen });
    ctx.store.addEvent(orderId, at, 'loaded', {
      via: req.tac !== null ? 'tac' : 'evidence', onlineSerial: req.onlineSerial, newBalanceFen: req.newBalanceFen,
      wasUnloaded: row.status === 'UNLOADED', evidence: req.evidence,
    });
    return toHostOrder({ ...row, status: 'LOADED', loadedAt: at, newBalanceFen: req.newBalanceFen });
  });
}

/** 未圈存: refused when the evidence shows a live MAC2 of this order on the card. Repeating it is a no-op. */
export function markUnloaded(ctx: HostContext, orderId: string, req: UnloadedRequest): HostOrder {
  return ctx.store.tx(() => {
    const row = orderRow(ctx, orderId);
    payable(row);
    if (row.status === 'LOADED') throw conflict('ORDER_LOADED', { orderId });
    if (row.status === 'UNLOADED') return toHostOrder(row);
    const ev = req.evidence;
    const live = ctx.store.authorizations(orderId).filter((a) => a.provenUnused === 0);
    if (live.some((a) => balanceShowsLoad(a, row, ev) || recordMatches(a, row, ev))) throw conflict('EVIDENCE_SHOWS_LOADED');
    const at = ctx.now().toISOString();
    ctx.store.updateOrder(orderId, { status: 'UNLOADED', unloadedAt: at });
    ctx.store.markAuthorizationsUnused(orderId);
    ctx.store.addEvent(orderId, at, 'unloaded', { evidence: ev, authorizations: live.length });
    return toHostOrder({ ...row, status: 'UNLOADED', unloadedAt: at });
  });
}
