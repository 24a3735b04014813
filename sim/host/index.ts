/** The issuer-host simulator (docs/architecture.md §3): real crypto, simulated payment channels, fault switches. */
export { startHostSim, DEFAULT_ISSUERS, type HostSim, type HostSimOptions, type HostSimTls, type RequestLogEntry } from './server';
export { HostFaults, type FaultRequest, type FaultRule } from './faults';
export { BusinessCalendar, loadCalendarFile, type HostCalendar } from './calendar';
export { AcquirerLedger, type AcquirerSlip, type AcquirerSlipInput } from './acquirer';
export { MicropayKnobs, type MicropayKnob } from './micropay-knobs';
export { simHostFileOptions, type SimHostFileArgs } from './option-files';
export type { RefundRun } from './refunds';
export type { OrderEvent } from './store';
