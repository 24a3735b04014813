import { defineStore } from 'pinia';
import type { EstateStatus } from '../../contract/ipc';
import { call } from '../api';

/**
 * A counter PC in a bank's estate (docs/release.md): fields the machine policy locks, an outside change of
 * the settings file, how the client key is kept, the last backup, a window main restored — main's answer
 * to `estateStatus`, asked at start, every half minute and after every settings change.
 */
export const useEstate = defineStore('estate', {
  state: () => ({ st: null as EstateStatus | null, restored: null as EstateStatus['windowRestored'] }),
  getters: {
    locked: (s) => (field: string): boolean => s.st?.locked.includes(field) ?? false,
  },
  actions: {
    async refresh() {
      const st = await call('estateStatus', {});
      this.st = st;
      if (st.windowRestored) this.restored = st.windowRestored; // main tells it once; the bar shows it until closed
    },
  },
});
