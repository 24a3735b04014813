/**
 * The window's own print dialog for a slip no printer took (browser mode, or no printer in 系统设置; docs/ui.md
 * "Receipts"): main's HTML — the very document its archived PDF was made from — goes into a hidden frame that
 * may run no script (sandbox without allow-scripts) and that frame is printed. Nothing is downloaded first.
 * Returns false when the dialog could not be opened (the PDF is archived all the same).
 */
export function printInDialog(html: string): Promise<boolean> {
  return new Promise((resolve) => {
    const frame = document.createElement('iframe');
    // Same origin so that this window may call print() on it; modals so that print() is allowed at all.
    frame.setAttribute('sandbox', 'allow-same-origin allow-modals');
    frame.setAttribute('aria-hidden', 'true');
    frame.tabIndex = -1;
    frame.dataset.test = 'print-frame';
    frame.style.cssText = 'position:fixed;right:0;bottom:0;width:0;height:0;border:0;visibility:hidden';
    frame.addEventListener('load', () => {
      const w = frame.contentWindow;
      // The keyboard stays where the clerk was (the result step's 下一位客户): the frame never keeps the focus.
      const before = document.activeElement instanceof HTMLElement ? document.activeElement : null;
      try {
        if (!w) throw new Error('no frame window');
        w.print(); // Chromium returns once the dialog is closed (at once when there is no dialog: headless)
        resolve(true);
      } catch {
        resolve(false);
      } finally {
        if (before && document.activeElement !== before) before.focus();
        // Removed only later: a dialog that did not block is still reading the frame's document.
        setTimeout(() => frame.remove(), 60_000);
      }
    }, { once: true });
    frame.srcdoc = html;
    document.body.appendChild(frame);
  });
}
