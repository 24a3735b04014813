import { reactive } from 'vue';

/** Whether the event stream to main is up (browser mode); Electron's IPC never drops. */
export const connection = reactive({ up: true });
