import { defineStore } from 'pinia';
import type { CounterStatus } from '../../contract/ipc';
import { call, on } from '../api';

/** The status bar's truth, kept from main's events; refreshed whole after a reload or reconnect. */
export const useStatus = defineStore('status', {
  state: () => ({ s: null as CounterStatus | null, loadError: '' }),
  getters: {
    training: (st) => st.s?.training ?? false,
    signedIn: (st) => Boolean(st.s?.operatorId),
    /** For showing the supervisor's screens; main checks the role on every call regardless. */
    supervisor: (st) => st.s?.role === 'supervisor',
  },
  actions: {
    async refresh() {
      try {
        this.s = await call('status', {});
        this.loadError = '';
      } catch (e) {
        this.loadError = e instanceof Error ? e.message : String(e);
      }
    },
    listen() {
      on('readers', ({ readers }) => { if (this.s) this.s.readers = readers; });
      on('card', ({ reader, present }) => { if (this.s) { this.s.reader = reader; this.s.cardPresent = present; } });
      on('host', ({ online }) => { if (this.s) this.s.hostOnline = online; });
    },
    async signIn(operatorId: string, password: string) {
      await call('signIn', { operatorId, password });
      await this.refresh();
    },
    async signOut() {
      await call('signOut', {});
      await this.refresh();
    },
  },
});
