import { mkdtempSync } from 'node:fs';
import { createServer, type AddressInfo, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { isAppError } from '../../contract/errors';
import { FIXTURES } from '../../sim/card/testing';
import { parseAddress, simCardCommand } from './sim-card';

/** A stand-in for vpcd's listening socket: accepts one card and asks it for its ATR. */
async function fakeVpcd(): Promise<{ port: number; atr: Promise<Buffer>; closed: Promise<void>; stop(): Promise<void> }> {
  let gotSocket: (s: Socket) => void = () => undefined;
  const socket = new Promise<Socket>((r) => (gotSocket = r));
  const server = createServer((s) => gotSocket(s));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const atr = socket.then(
    (s) =>
      new Promise<Buffer>((resolve) => {
        s.once('data', (d: Buffer) => resolve(d.subarray(2, 2 + d.readUInt16BE(0))));
        s.write(Buffer.from([0, 1, 4]));
      }),
  );
  const closed = socket.then((s) => new Promise<void>((r) => s.on('close', () => r())));
  return {
    port: (server.address() as AddressInfo).port,
    atr,
    closed,
    stop: () => new Promise((r) => server.close(() => r())),
  };
}

describe('etc-counter sim card', () => {
  it('attaches the profile’s card, prints one line, and pulls the card when stopped', async () => {
    const vpcd = await fakeVpcd();
    const out: string[] = [];
    let stop: () => void = () => undefined;
    const cmd = simCardCommand({
      write: (s) => out.push(s),
      warn: (s) => out.push(s),
      stopped: () => new Promise((r) => (stop = r)),
    });
    const state = join(mkdtempSync(join(tmpdir(), 'simcard-')), 'state.json');
    const running = cmd.run([
      '--vpcd', `127.0.0.1:${vpcd.port}`,
      '--profile', `${FIXTURES}cards/normal.json`,
      '--keys', `${FIXTURES}keys.json`,
      '--state', state,
    ]);
    expect((await vpcd.atr)[0]).toBe(0x3b);
    while (out.length === 0) await new Promise((r) => setTimeout(r, 10));
    expect(out).toEqual(['虚拟卡已插入：卡号 62010000000000000001，车牌 甘A12345，余额 100.00 元，vpcd 127.0.0.1:' + vpcd.port + '\n']);
    stop();
    expect(await running).toBe(0);
    await vpcd.closed;
    await vpcd.stop();
  });

  it('refuses missing options and a malformed vpcd address with stable codes', async () => {
    const cmd = simCardCommand({ write: () => undefined, warn: () => undefined, stopped: () => Promise.resolve() });
    await expect(cmd.run(['--vpcd', '127.0.0.1:35963'])).rejects.toSatisfy((e) => isAppError(e, 'SIM_CARD_USAGE'));
    expect(() => parseAddress('localhost')).toThrow(expect.objectContaining({ code: 'SIM_VPCD_ADDRESS' }));
    expect(() => parseAddress('127.0.0.1:70000')).toThrow(expect.objectContaining({ code: 'SIM_VPCD_ADDRESS' }));
    expect(parseAddress('127.0.0.1:35964')).toEqual({ host: '127.0.0.1', port: 35964 });
  });
});
