// Element Plus's message box and message are called from code, not placed in a template, so the build's
// on-demand import (vite.config.ts) never brings their CSS: without it a confirmation is drawn as bare text
// over the header, its buttons at the top left. Their styles are imported here, with the only way to open them.
import 'element-plus/es/components/message-box/style/css';
import 'element-plus/es/components/message/style/css';
import { ElMessage, ElMessageBox } from 'element-plus';
import { L } from './i18n';

/**
 * The counter's confirmations, prompts and short notes: always styled (centred, opaque, over everything but
 * the training panel and the lock screen), in the manual's words. Each resolves false / null when cancelled.
 */
export interface ConfirmWords { title: string; body: string; ok?: string; cancel?: string; danger?: boolean }

export function confirmBox(w: ConfirmWords): Promise<boolean> {
  return ElMessageBox.confirm(w.body, w.title, {
    confirmButtonText: w.ok ?? L('UI_DIALOG_OK'), cancelButtonText: w.cancel ?? L('UI_DIALOG_CANCEL'), type: 'warning',
    confirmButtonClass: w.danger ? 'el-button--danger' : undefined, customClass: 'counter-box', closeOnClickModal: false,
  }).then(() => true, () => false);
}

/** A supervisor's note (a carry-over, reopening a day): at least two characters, or null when cancelled. */
export function noteBox(w: { title: string; body: string; ok?: string }): Promise<string | null> {
  return ElMessageBox.prompt(w.body, w.title, {
    confirmButtonText: w.ok ?? L('UI_DIALOG_OK'), cancelButtonText: L('UI_DIALOG_CANCEL'), type: 'warning',
    inputPattern: /\S.*\S/, inputErrorMessage: L('UI_DAY_NOTE_REQUIRED'), inputPlaceholder: L('UI_DAY_NOTE_PLACEHOLDER'),
    customClass: 'counter-box', closeOnClickModal: false,
  }).then((r) => r.value.trim(), () => null);
}

export function notifyDone(text: string): void {
  ElMessage({ type: 'success', message: text, customClass: 'counter-note', duration: 4000 });
}

export function notifyError(text: string): void {
  ElMessage({ type: 'error', message: text, customClass: 'counter-note', duration: 6000 });
}
