import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { fixtureKeys } from '../card/testing';
import { deriveCardKey, findMasterKey, loadKeyFile } from './keys';
import { cardKey } from './pboc';
import { sm4CardKey } from './sm4';

const h = (s: string) => Buffer.from(s, 'hex');

function refusal(json: unknown): unknown {
  const path = join(mkdtempSync(join(tmpdir(), 'keys-')), 'keys.json');
  writeFileSync(path, JSON.stringify(json));
  try {
    loadKeyFile(path);
    return null;
  } catch (e) {
    return e;
  }
}
const key = (usage: string, keyIndex: number, alg = '3des') => ({ usage, keyIndex, version: 1, alg, key: '00'.repeat(16) });

describe('key file', () => {
  it('the fixture declares itself training keys and holds 3DES and SM4 masters', () => {
    const keys = fixtureKeys();
    expect(keys.purpose).toMatch(/training/);
    expect(keys.masterKeys.map((k) => `${k.usage}/${k.keyIndex}/${k.alg}`)).toEqual(['load/1/3des', 'tac/0/3des', 'load/65/sm4', 'tac/65/sm4']);
  });

  it('refuses a file without a training purpose, with duplicate keys, or that is not JSON', () => {
    const noPurpose = refusal({ masterKeys: [key('load', 1)] });
    expect(isAppError(noPurpose, 'SIM_KEYS_INVALID')).toBe(true);
    expect((noPurpose as Error).message).toContain('purpose');
    expect(isAppError(refusal({ purpose: 'production', masterKeys: [] }), 'SIM_KEYS_INVALID')).toBe(true);
    expect((refusal({ purpose: 'training', masterKeys: [key('load', 1), key('load', 1, 'sm4')] }) as Error).message).toContain('once');
    expect(refusal({ purpose: 'training', masterKeys: [key('load', 1)] })).toBeNull();
  });

  it('finds masters by index or algorithm (3DES when neither is named) and diversifies with their algorithm', () => {
    const keys = fixtureKeys();
    expect(findMasterKey(keys, 'tac').alg).toBe('3des');
    expect(findMasterKey(keys, 'tac', { alg: 'sm4' }).keyIndex).toBe(65);
    expect(findMasterKey(keys, 'load', 65).alg).toBe('sm4');
    expect(() => findMasterKey(keys, 'load', 2)).toThrow(/no load master key/);
    const issuer = 'B8CACBE062010001';
    const internal = '0000000000000006';
    const sm4Master = findMasterKey(keys, 'load', 65).key;
    expect(deriveCardKey(keys, 'load', issuer, internal, 65)).toEqual(sm4CardKey(h(sm4Master), h(issuer), h(internal)));
    expect(deriveCardKey(keys, 'load', issuer, internal, 1)).toEqual(cardKey(h(findMasterKey(keys, 'load', 1).key), h(issuer), h(internal)));
  });
});
