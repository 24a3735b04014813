/** The issuer host as main sees it: the port and the shipped JSON/HTTP(S) adapter (docs/architecture.md §3). */
export type { HostLink, OrderWait, WitnessSource } from './port';
export { withWitness } from './witness';
export { HttpHostLink, type HttpHostLinkOptions } from './http-host-link';
export { checkHostUrl, type HostTls } from './transport';
export { HostRejectedError } from './errors';
