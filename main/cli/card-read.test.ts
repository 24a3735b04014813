import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { InProcessReader } from '../card/in-process-reader';
import { readScript, SAMPLE_0015_43, ScriptedCard } from '../card/testing';
import { cardReadCommand } from './card-read';

const LOAD = '0001 000000 00001C37 02 000001000050 20140825 103100';

beforeAll(() => {
  // No settings file of the machine running the tests may leak in.
  process.env.ETC_COUNTER_HOME = mkdtempSync(join(tmpdir(), 'card-read-'));
});

function run(card: ScriptedCard, argv: string[], name = 'Slot A'): Promise<{ code: number; out: string }> {
  let out = '';
  const cmd = cardReadCommand({ openReader: () => new InProcessReader(card, { name }), write: (s) => { out += s; } });
  return cmd.run(argv).then((code) => ({ code, out }));
}

describe('etc-counter card read', () => {
  it('--json prints exactly one object with the documented fields', async () => {
    const card = new ScriptedCard(readScript(SAMPLE_0015_43, '00002710', [LOAD]));
    const { code, out } = await run(card, ['--json']);
    expect(code).toBe(0);
    card.assertDone();
    const info = JSON.parse(out) as Record<string, unknown>;
    for (const key of ['cardNo', 'cardType', 'cardVersion', 'issuerId', 'network', 'internalNo', 'validFrom', 'validUntil',
      'plate', 'plateColor', 'plateColorName', 'userType', 'vehicleClass', 'holderName', 'balanceFen', 'transactions']) {
      expect(info).toHaveProperty(key);
    }
    expect(info).toMatchObject({ cardNo: '61011518220000249639', plate: '陕AOK112', balanceFen: 10000, vehicleClass: null });
    expect(info.transactions).toEqual([
      { serial: 1, overdraftFen: 0, amountFen: 7223, type: 2, terminalId: '000001000050', at: '2014-08-25T10:31:00' },
    ]);
  });

  it('prints a Chinese summary without --json', async () => {
    const { code, out } = await run(new ScriptedCard(readScript(SAMPLE_0015_43, '00002710', [LOAD])), []);
    expect(code).toBe(0);
    expect(out).toContain('卡号：61011518220000249639（储值卡，版本 0x10）');
    expect(out).toContain('车牌：陕AOK112（蓝，颜色代码 0）');
    expect(out).toContain('余额：100.00 元');
    expect(out).toContain('2014-08-25 10:31:00　圈存　72.23 元');
  });

  it('uses --reader, and refuses a reader that does not exist', async () => {
    await expect(run(new ScriptedCard([]), ['--reader', 'Slot B'])).rejects.toMatchObject({ code: 'READER_NOT_FOUND' });
  });

  it('takes the reader name from --config when no --reader is given', async () => {
    const config = join(process.env.ETC_COUNTER_HOME ?? tmpdir(), 'config.json');
    writeFileSync(config, JSON.stringify({ readerName: 'Slot B' }));
    await expect(run(new ScriptedCard([]), ['--config', config])).rejects.toMatchObject({ code: 'READER_NOT_FOUND', params: { reader: 'Slot B' } });
    const card = new ScriptedCard(readScript(SAMPLE_0015_43, '00000000'));
    expect((await run(card, ['--config', config, '--json'], 'Slot B')).code).toBe(0);
  });

  it('fails with CARD_ABSENT when no reader holds a card', async () => {
    const card = new ScriptedCard([]);
    card.present = false;
    await expect(run(card, [])).rejects.toMatchObject({ code: 'CARD_ABSENT' });
  });

  it('refuses unknown options', async () => {
    await expect(run(new ScriptedCard([]), ['--bogus'])).rejects.toMatchObject({ code: 'INVALID_INPUT' });
  });
});
