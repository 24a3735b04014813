import { BrowserWindow, screen } from 'electron';
import { t } from '../../contract/i18n';
import { customerDisplayFor, customerWindowOptions } from './customer-placement';
import { APP_ORIGIN } from './security';

/**
 * The customer display in Electron (docs/ui.md "Customer display"): opened by itself, full screen, on a second
 * monitor whenever one is attached, moved when monitors change, closed when the last second monitor goes or the
 * clerk's window closes. Its page (customer.html) is told what to show by the clerk's window. Thin on purpose:
 * where it goes is customer-placement.ts. Returns the function that closes it for good.
 */
export function attachCustomerDisplay(clerk: BrowserWindow): () => void {
  let win: BrowserWindow | null = null;
  const close = () => {
    if (win && !win.isDestroyed()) win.destroy();
    win = null;
  };
  const place = () => {
    if (clerk.isDestroyed()) return;
    const target = customerDisplayFor(screen.getAllDisplays(), screen.getDisplayMatching(clerk.getBounds()).id, screen.getPrimaryDisplay().id);
    if (!target) return close();
    if (win && !win.isDestroyed()) {
      win.setFullScreen(false);
      win.setBounds(target.bounds);
      win.setFullScreen(true);
      return;
    }
    const opened = new BrowserWindow(customerWindowOptions(target.bounds, t('CUSTOMER_PAGE_TITLE')));
    win = opened;
    opened.removeMenu();
    opened.once('ready-to-show', () => opened.showInactive());
    opened.on('closed', () => { if (win === opened) win = null; });
    void opened.loadURL(`${APP_ORIGIN}/customer.html`);
  };
  screen.on('display-added', place);
  screen.on('display-removed', place);
  screen.on('display-metrics-changed', place);
  clerk.on('moved', place);
  const stop = () => {
    screen.off('display-added', place);
    screen.off('display-removed', place);
    screen.off('display-metrics-changed', place);
    close();
  };
  clerk.once('closed', stop);
  place();
  return stop;
}
