import { computed, watch } from 'vue';
import { CUSTOMER_CHANNEL, CUSTOMER_HEARTBEAT_MS, readCustomerMessage, type CustomerMessage, type CustomerView } from '../../contract/customer';
import { customerViewOf, type CustomerViewInput } from './view';

/**
 * The clerk's side of the customer display (docs/ui.md "Customer display"): the customer view of the wizard,
 * posted on the counter origin's BroadcastChannel whenever it changes, again every CUSTOMER_HEARTBEAT_MS and
 * whenever a display says hello. Loaded after sign-in (App.vue, which hands in the wizard's and the session's
 * state), so the first view never carries it. Returns the stop function.
 */
export function publishToCustomer(input: () => CustomerViewInput): () => void {
  const view = computed(() => customerViewOf(input()));
  const channel = new BroadcastChannel(CUSTOMER_CHANNEL);
  const from = crypto.randomUUID();
  let seq = 0;
  let last = '';
  const post = (v: CustomerView) => {
    const message: CustomerMessage = { kind: 'view', from, seq: ++seq, view: v };
    channel.postMessage(message);
  };
  const send = (force: boolean) => {
    const text = JSON.stringify(view.value); // a plain copy: reactive objects cannot be posted
    if (!force && text === last) return;
    last = text;
    post(JSON.parse(text) as CustomerView);
  };
  channel.onmessage = (e: MessageEvent<unknown>) => { if (readCustomerMessage(e.data)?.kind === 'hello') send(true); };
  const stopWatch = watch(view, () => send(false));
  const beat = setInterval(() => send(true), CUSTOMER_HEARTBEAT_MS);
  // The clerk's window going away (closed, reloaded) leaves the customer a welcome, not the last customer's screen.
  const gone = () => post({ screen: 'idle', training: input().training });
  window.addEventListener('pagehide', gone);
  send(true);
  return () => {
    stopWatch();
    clearInterval(beat);
    window.removeEventListener('pagehide', gone);
    gone();
    channel.close();
  };
}
