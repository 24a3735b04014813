import { defineStore } from 'pinia';
import type { CounterStatus } from '../../contract/ipc';
import { call, on } from '../api';

/** The status bar's truth, kept from main's events; refreshed whole after a reload or reconnect. */
export const useStatus = defineStore('status', {
  state: () => ({ s: null as CounterStatus | null, loadError: '', idleLockMinutes: null as number | null }),
  getters: {
    training: (st) => st.s?.training ?? false,
    signedIn: (st) => Boolean(st.s?.operatorId),
    /** Main says this window's session is idle-locked (docs/security.md): the lock screen covers everything. */
    locked: (st) => Boolean(st.s?.operatorId && st.s.locked),
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
    /** The settings the window needs for itself: the idle lock's minutes. */
    async loadSettings() {
      try {
        this.idleLockMinutes = (await call('settings', {})).idleLockMinutes;
      } catch {
        this.idleLockMinutes = null; // main still locks; this window then learns it from the next refusal
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
