import { describe, expect, it } from 'vitest';
import type { CardInfo } from '../../contract/card';
import { t } from '../../contract/i18n';
import { loadRefusal } from './loadability';

const card: CardInfo = {
  cardNo: '61011518220000249639', cardType: 0x16, cardTypeName: '储值卡', cardVersion: 0x10,
  issuerId: 'C9C2CEF761010001', issuerProvince: '陕西', network: '6101', internalNo: '1518220000249639',
  validFrom: '2016-05-26', validUntil: '2026-05-26', plate: '陕AOK112', plateColor: 0, plateColorName: '蓝',
  userType: 0, vehicleClass: null, holderName: null, balanceFen: 0, transactions: [],
};

describe('loadRefusal', () => {
  it('lets a stored-value card inside its validity be loaded, both ends inclusive', () => {
    expect(loadRefusal(card, '2020-01-01')).toBeNull();
    expect(loadRefusal(card, '2016-05-26')).toBeNull();
    expect(loadRefusal(card, '2026-05-26')).toBeNull();
  });
  it('refuses an account card (记账卡不能充值)', () => {
    const code = loadRefusal({ ...card, cardType: 0x17 }, '2020-01-01');
    expect(code).toBe('CARD_ACCOUNT_CARD');
    expect(t(code ?? '')).toBe('记账卡不能充值');
  });
  it('refuses any other card type as not stored-value', () => {
    expect(loadRefusal({ ...card, cardType: 0x15 }, '2020-01-01')).toBe('CARD_NOT_STORED_VALUE');
  });
  it('refuses an expired card the day after validUntil', () => {
    const code = loadRefusal(card, '2026-05-27');
    expect(code).toBe('CARD_EXPIRED');
    expect(t(code ?? '')).toContain('卡片已过有效期');
  });
  it('refuses a card before validFrom', () => {
    expect(loadRefusal(card, '2016-05-25')).toBe('CARD_NOT_YET_VALID');
  });
  it('checks the type before the dates', () => {
    expect(loadRefusal({ ...card, cardType: 0x17 }, '2030-01-01')).toBe('CARD_ACCOUNT_CARD');
  });
});
