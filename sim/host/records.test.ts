import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostRecord } from '../../contract/host-api';
import { loadKeyFile } from '../crypto/keys';
import { startHostSim, type HostSim } from './server';
import { call, signIn, tempDbPath, TEST_TERMINAL } from './testkit';

const keys = loadKeyFile(fileURLToPath(new URL('../fixtures/keys.json', import.meta.url)));
let clock = new Date();
let sim: HostSim;
let token: string;
let seq = 0;

const records = (q: string) => call(sim.url, 'GET', `/v1/records?${q}`, undefined, token);
const plateQuery = (from: string, to: string, plate = '甘A88888') =>
  new URLSearchParams({ plate, plateColor: '1', from, to }).toString();

/** Creates (and pays, unless told not to) an order for 甘A88888 yellow at the given instant. */
async function orderAt(iso: string, pay = true, plate = '甘A88888'): Promise<string> {
  clock = new Date(iso);
  seq += 1;
  const r = await call(sim.url, 'POST', '/v1/orders', {
    clientOrderId: `rec-${seq}`, cardNo: `6201${String(3000 + seq).padStart(16, '0')}`, plate, plateColor: 1,
    amountFen: 1_000 * seq, channel: 'wechat', terminalId: TEST_TERMINAL, balanceFen: 0,
  }, token);
  const id = String(r.json.orderId);
  if (pay) sim.pay(id);
  return id;
}

beforeAll(async () => {
  sim = await startHostSim({ keys, dbPath: tempDbPath(), now: () => clock, sessionTtlMs: 365 * 86_400_000 });
  clock = new Date('2024-03-01T00:00:00Z');
  token = await signIn(sim.url);
});
afterAll(() => sim.close());

describe('GET /v1/records', () => {
  it('lists the paid orders of a plate by Beijing calendar day, both ends included', async () => {
    const early = await orderAt('2024-03-31T15:59:59Z'); // 2024-03-31 23:59:59 Beijing
    const first = await orderAt('2024-03-31T16:00:00Z'); // 2024-04-01 00:00:00 Beijing
    await orderAt('2024-04-10T03:00:00Z', false); // never paid: not a recharge record
    await orderAt('2024-04-10T04:00:00Z', true, '甘B00000'); // another plate
    const last = await orderAt('2024-04-30T15:59:59Z');
    await orderAt('2024-04-30T16:00:00Z'); // 2024-05-01 Beijing
    const r = await records(plateQuery('2024-04-01', '2024-04-30'));
    expect(r.status).toBe(200);
    const list = r.json as unknown as HostRecord[];
    expect(list.map((x) => x.orderId)).toEqual([first, last]);
    expect(list[0]).toMatchObject({ plate: '甘A88888', plateColor: 1, status: 'PAID', channel: 'wechat', loadedAt: null });
    expect(list[0]?.tradeNo).toMatch(/^4200/);
    expect(((await records(plateQuery('2024-03-31', '2024-03-31'))).json as unknown as HostRecord[]).map((x) => x.orderId)).toEqual([early]);
  });

  it('refuses a window longer than 30 days with a clear Chinese message', async () => {
    expect((await records(plateQuery('2024-01-01', '2024-01-31'))).status).toBe(200);
    const r = await records(plateQuery('2024-01-01', '2024-02-01'));
    expect(r).toMatchObject({ status: 400, json: { code: 'DATE_RANGE_TOO_LONG', message: '查询时间跨度不能超过 30 天，请缩短日期范围' } });
  });

  it('refuses a start after the end, an impossible date and a missing plate', async () => {
    expect((await records(plateQuery('2024-02-02', '2024-02-01'))).json)
      .toMatchObject({ code: 'DATE_RANGE_REVERSED', message: '开始日期不能晚于结束日期' });
    expect((await records(plateQuery('2024-02-30', '2024-03-01'))).json).toMatchObject({ code: 'DATE_INVALID' });
    expect((await records(plateQuery('2024/02/01', '2024-03-01'))).json).toMatchObject({ code: 'REQUEST_INVALID' });
    expect((await records('plateColor=1&from=2024-01-01&to=2024-01-02')).status).toBe(400);
  });
});
