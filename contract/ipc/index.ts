/**
 * The IPC contract (docs/architecture.md §1), in three parts: views.ts (the shapes of answers and events),
 * calls.ts (each call's request schema and role) and api.ts (`window.counter`, generated from the names in
 * names.ts). Main and the renderer import from here; the preload imports api.ts and names.ts only.
 */
export * from './views';
export * from './setup-views';
export * from './names';
export * from './calls';
export * from './api';
export { RECEIPT_FORMATS, type ReceiptFormatName } from '../settings';
