/** The issuer host as main sees it: the port and the shipped JSON/HTTP adapter (design.md §3). */
export type { HostLink } from './port';
export { HttpHostLink, type HttpHostLinkOptions } from './http-host-link';
export { HostRejectedError, hostCodeOf } from './errors';
