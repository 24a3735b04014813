/** The issuer host as main sees it: the port and the shipped JSON/HTTP adapter (docs/architecture.md §3). */
export type { HostLink } from './port';
export { HttpHostLink, type HttpHostLinkOptions } from './http-host-link';
export { HostRejectedError } from './errors';
