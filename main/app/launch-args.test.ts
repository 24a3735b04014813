import { describe, expect, it } from 'vitest';
import { parseLaunchArgs, pickLaunchFlags } from './launch-args';

describe('launch arguments (Electron entry, serve, start)', () => {
  it('reads port, training, host and journal', () => {
    expect(parseLaunchArgs(['--port', '8080', '--host', 'http://127.0.0.1:9/', '--journal', 'j.sqlite'])).toEqual({
      port: 8080, training: false, host: 'http://127.0.0.1:9/', journal: 'j.sqlite', config: undefined,
    });
    expect(parseLaunchArgs([])).toMatchObject({ port: undefined, training: false });
    expect(parseLaunchArgs(['--training'])).toMatchObject({ training: true, journal: undefined });
  });

  it.each([['--port', 'abc'], ['--port', '70000'], ['--bogus'], ['--training', '--journal', 'real.sqlite']])(
    'refuses %j with INVALID_INPUT', (...argv) => {
      expect(() => parseLaunchArgs(argv)).toThrow(expect.objectContaining({ code: 'INVALID_INPUT' }));
    });

  it("keeps only our flags from Electron's command line", () => {
    const argv = ['--inspect=0', '--remote-debugging-port=0', '/app', '--training', '--host', 'http://h/', '--no-sandbox', '--config=c.json'];
    expect(pickLaunchFlags(argv)).toEqual(['--training', '--host', 'http://h/', '--config=c.json']);
    expect(parseLaunchArgs(pickLaunchFlags(argv))).toMatchObject({ training: true, host: 'http://h/', config: 'c.json' });
  });

  it('ignores --host, --journal and --config in a release build (app.isPackaged), keeping --training', () => {
    const argv = ['/app', '--host', 'http://evil.example/', '--journal=/tmp/other.sqlite', '--config', '/tmp/c.json', '--training', '--port', '1'];
    expect(pickLaunchFlags(argv, { packaged: true })).toEqual(['--training']);
    expect(parseLaunchArgs(pickLaunchFlags(argv, { packaged: true }))).toEqual({
      port: undefined, training: true, host: undefined, journal: undefined, config: undefined,
    });
    expect(pickLaunchFlags(['--host', 'http://h/'], { packaged: true })).toEqual([]);
    expect(pickLaunchFlags(['--host', 'http://h/'], { packaged: false })).toEqual(['--host', 'http://h/']);
  });
});
