import { describe, expect, it } from 'vitest';
import { CUSTOMER_STALE_MS, type CustomerView } from '../../contract/customer';
import { CustomerFollower } from './follow';

const idle: CustomerView = { screen: 'idle', training: false };
const paying: CustomerView = { screen: 'pay', way: 'qr', channel: 'wechat', qrPayload: 'x', amountFen: 100, plate: null, training: false };
const loading: CustomerView = { screen: 'loading', amountFen: 100, plate: null, training: false };
const view = (from: string, seq: number, v: CustomerView) => ({ kind: 'view' as const, from, seq, view: v });

describe('which clerk window the customer display follows', () => {
  it('shows the welcome until it hears anything, and the view it hears', () => {
    const f = new CustomerFollower();
    expect(f.view(0)).toEqual({ screen: 'idle', training: false });
    expect(f.take(view('a', 1, paying), 0)).toBe(true);
    expect(f.view(10)).toEqual(paying);
  });

  it('drops a view older than the one it shows (messages of one window count up)', () => {
    const f = new CustomerFollower();
    f.take(view('a', 5, loading), 0);
    expect(f.take(view('a', 4, paying), 1)).toBe(false);
    expect(f.view(2)).toEqual(loading);
  });

  it('does not let another, idle clerk window take the screen from a customer who is paying', () => {
    const f = new CustomerFollower();
    f.take(view('a', 1, paying), 0);
    expect(f.take(view('b', 1, idle), 100)).toBe(false);
    expect(f.view(200)).toEqual(paying);
    expect(f.take(view('b', 2, loading), 300)).toBe(true); // with a customer of its own it does
    expect(f.view(300)).toEqual(loading);
  });

  it('goes back to the welcome when the clerk\'s window has said nothing for a while (closed)', () => {
    const f = new CustomerFollower();
    f.take(view('a', 1, { ...paying, training: true }), 0);
    expect(f.view(CUSTOMER_STALE_MS - 1)).toMatchObject({ screen: 'pay' });
    expect(f.view(CUSTOMER_STALE_MS)).toEqual({ screen: 'idle', training: true });
    expect(f.take(view('b', 1, idle), CUSTOMER_STALE_MS + 1)).toBe(true); // a stale screen is anyone's
  });
});
