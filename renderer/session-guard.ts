import { reactive } from 'vue';

/**
 * What the window shows about its session besides the status (docs/security.md): the supervisor's
 * password prompt, which api.ts opens on AUTH_REAUTH_REQUIRED and waits for, and the news that main
 * refused a call as SESSION_LOCKED (App.vue then asks `status` and shows the lock screen). No imports
 * of the stores or the api, so both may use it.
 */
export const guard = reactive({ reauthOpen: false, reauthReason: '' });

let waiting: ((confirmed: boolean) => void)[] = [];
const lockListeners = new Set<() => void>();

/** Opens the prompt (once, however many calls wait) and resolves true when the password was accepted. */
export function askSupervisorPassword(reason: string): Promise<boolean> {
  guard.reauthReason = reason;
  guard.reauthOpen = true;
  return new Promise((resolve) => waiting.push(resolve));
}

/** The prompt's outcome: confirmed (main accepted `unlock`) or cancelled. */
export function finishReauth(confirmed: boolean): void {
  guard.reauthOpen = false;
  const all = waiting;
  waiting = [];
  for (const w of all) w(confirmed);
}

export function sessionLocked(): void {
  for (const l of lockListeners) l();
}

export function onSessionLocked(listener: () => void): () => void {
  lockListeners.add(listener);
  return () => lockListeners.delete(listener);
}
