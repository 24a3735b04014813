import { defineStore } from 'pinia';
import type { PosMode } from '../../contract/pos';
import { call } from '../api';

/**
 * Which ways of paying this counter offers (settings `pos.mode`, docs/pos.md): read once from main's
 * settings view. QR codes and payment codes are always offered; the POS only where the outlet has one.
 */
export const usePayOptions = defineStore('payOptions', {
  state: () => ({ posMode: 'off' as PosMode, loaded: false }),
  actions: {
    async load() {
      if (this.loaded) return;
      try {
        this.posMode = (await call('settings', {})).pos.mode;
        this.loaded = true;
      } catch {
        this.posMode = 'off'; // without the settings the POS is not offered; the other ways still are
      }
    },
  },
});
