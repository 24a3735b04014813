import { describe, expect, it } from 'vitest';
import { customerDisplayFor, customerWebPreferences, customerWindowOptions, type DisplayLike } from './customer-placement';

/** A stand-in for Electron's `screen.getAllDisplays()`: ids and bounds as Electron reports them. */
const laptop: DisplayLike = { id: 1, bounds: { x: 0, y: 0, width: 1366, height: 768 } };
const customer7: DisplayLike = { id: 2, bounds: { x: 1366, y: 0, width: 800, height: 480 } };
const customer10: DisplayLike = { id: 3, bounds: { x: -1024, y: 0, width: 1024, height: 600 } };

describe('the customer display in Electron: which monitor', () => {
  it('opens none with one monitor: nothing is drawn twice on the clerk\'s screen', () => {
    expect(customerDisplayFor([laptop], 1, 1)).toBeNull();
    expect(customerDisplayFor([], 1, 1)).toBeNull();
  });

  it('takes the other monitor, wherever it stands (right of, or left of the clerk\'s, at negative x)', () => {
    expect(customerDisplayFor([laptop, customer7], 1, 1)).toBe(customer7);
    expect(customerDisplayFor([customer10, laptop], 1, 1)).toBe(customer10);
  });

  it('never the monitor the clerk\'s window is on, even when that one is not the primary', () => {
    expect(customerDisplayFor([laptop, customer7], 2, 1)).toBe(laptop); // the clerk dragged the counter to the small screen
  });

  it('with three monitors: the primary when the clerk works elsewhere, else the largest other one', () => {
    expect(customerDisplayFor([laptop, customer7, customer10], 2, 1)).toBe(laptop);
    expect(customerDisplayFor([laptop, customer7, customer10], 1, 1)).toBe(customer10);
    expect(customerDisplayFor([laptop, { ...customer10, bounds: customer7.bounds }, customer7], 1, 1)?.id).toBe(2); // a tie: the lower id
  });
});

describe('the customer window', () => {
  it('covers that monitor full screen, frameless, without taking the focus', () => {
    const o = customerWindowOptions(customer7.bounds, '客户显示');
    expect(o).toMatchObject({ x: 1366, y: 0, width: 800, height: 480, fullscreen: true, frame: false, show: false, focusable: false, title: '客户显示' });
  });

  it('is isolated and sandboxed like the app\'s window, and has no preload: no window.counter, no IPC', () => {
    const prefs = customerWebPreferences();
    expect(prefs).toMatchObject({ contextIsolation: true, sandbox: true, nodeIntegration: false, nodeIntegrationInWorker: false, webSecurity: true });
    expect(prefs).not.toHaveProperty('preload');
    expect(customerWindowOptions(laptop.bounds, 'x').webPreferences).not.toHaveProperty('preload');
  });
});
