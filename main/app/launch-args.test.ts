import { describe, expect, it } from 'vitest';
import { parseServeArgs, pickServeFlags } from './serve';

describe('serve arguments', () => {
  it('reads port, training, host and journal', () => {
    expect(parseServeArgs(['--port', '8080', '--training', '--host', 'http://127.0.0.1:9/', '--journal', 'j.sqlite'])).toEqual({
      port: 8080, training: true, host: 'http://127.0.0.1:9/', journal: 'j.sqlite', config: undefined,
    });
    expect(parseServeArgs([])).toMatchObject({ port: undefined, training: false });
  });

  it.each([['--port', 'abc'], ['--port', '70000'], ['--bogus']])('refuses %j with INVALID_INPUT', (...argv) => {
    expect(() => parseServeArgs(argv)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
  });

  it("keeps only our flags from Electron's command line", () => {
    const argv = ['--inspect=0', '--remote-debugging-port=0', '/app', '--training', '--host', 'http://h/', '--no-sandbox', '--config=c.json'];
    expect(pickServeFlags(argv)).toEqual(['--training', '--host', 'http://h/', '--config=c.json']);
    expect(parseServeArgs(pickServeFlags(argv))).toMatchObject({ training: true, host: 'http://h/', config: 'c.json' });
  });
});
