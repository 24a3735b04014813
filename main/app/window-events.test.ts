import { describe, expect, it } from 'vitest';
import { mainWindowSink, type EventWindow } from './window-events';

function fakeWindow(): EventWindow & { got: [string, unknown][]; destroyed: boolean } {
  const w = {
    got: [] as [string, unknown][],
    destroyed: false,
    webContents: { send: (c: string, p: unknown) => { w.got.push([c, p]); }, isDestroyed: () => w.destroyed },
  };
  return w;
}

describe('events reach the main window only', () => {
  it('sends to the main window, never to a print window, and to nobody once the main window is gone', () => {
    const main = fakeWindow();
    const print = fakeWindow(); // what main/app/electron-printer.ts opens: a window, but not the app's
    let current: EventWindow | null = main;
    const emit = mainWindowSink(() => current);
    emit('payment', { id: 'r1', state: 'PAID', checkedAt: 'now' });
    expect(main.got).toEqual([['counter-event:payment', { id: 'r1', state: 'PAID', checkedAt: 'now' }]]);
    expect(print.got).toEqual([]);
    main.destroyed = true;
    emit('host', { online: true });
    current = null;
    emit('host', { online: false });
    expect(main.got).toHaveLength(1);
    expect(print.got).toEqual([]);
  });
});
