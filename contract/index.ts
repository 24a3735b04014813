export * from './money';
export * from './errors';
export * from './card';
export { t, messages } from './i18n';
export type { Locale } from './i18n';
