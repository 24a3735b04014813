import { onBeforeUnmount, onMounted } from 'vue';

/**
 * Keyboard first: Enter proceeds, Esc backs out where the step says it is safe. Ignored while an IME
 * is composing (Enter then picks a Chinese candidate), while a dialog or the lock screen is open, and on buttons (their
 * own Enter already clicks them).
 */
export function useKeys(keys: { enter?: () => void; esc?: () => void }): void {
  const onKey = (e: KeyboardEvent) => {
    if (e.isComposing || e.repeat || document.querySelector('.el-overlay-message-box, .el-overlay-dialog, [data-modal]')) return;
    if (e.target instanceof HTMLButtonElement) return;
    if (e.key === 'Enter' && keys.enter) { e.preventDefault(); keys.enter(); }
    if (e.key === 'Escape' && keys.esc) { e.preventDefault(); keys.esc(); }
  };
  onMounted(() => window.addEventListener('keydown', onKey));
  onBeforeUnmount(() => window.removeEventListener('keydown', onKey));
}
