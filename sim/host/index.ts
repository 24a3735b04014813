/** The issuer-host simulator (docs/architecture.md §3): real crypto, simulated payment channels, fault switches. */
export { startHostSim, DEFAULT_ISSUERS, type HostSim, type HostSimOptions, type RequestLogEntry } from './server';
export { HostFaults, type FaultRequest, type FaultRule } from './faults';
export type { OrderEvent } from './store';
