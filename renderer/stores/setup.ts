import { defineStore } from 'pinia';
import type { SetupStatus } from '../../contract/ipc';
import { call } from '../api';

/**
 * Where the counter stands before it may take money (初始化设置), and the host warnings of the status bar —
 * main's answer to `setupStatus`, asked after a reload, a sign-in and every settings change.
 */
export const useSetup = defineStore('setup', {
  state: () => ({ st: null as SetupStatus | null }),
  getters: {
    required: (s) => s.st?.required ?? false,
    hostInsecure: (s) => s.st?.hostInsecure ?? false,
    hostProblem: (s) => s.st?.hostProblem ?? null,
  },
  actions: {
    async refresh() {
      this.st = await call('setupStatus', {});
    },
  },
});
