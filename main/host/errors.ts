import { AppError } from '../../contract/errors';

/**
 * The host answered 4xx: it understood the request and refused it. `hostCode` is the host's own stable
 * code (MAC1_INVALID, ORDER_CONFLICT, SERIAL_CHANGED, …) for the engine to branch on; the operator
 * reads the host's Chinese message inside HOST_REJECTED. `hostParams` are the message's parameters where
 * the host sends them (e.g. the order a POS slip already funded).
 */
export class HostRejectedError extends AppError {
  constructor(
    readonly status: number,
    readonly hostCode: string,
    readonly hostMessage: string,
    readonly hostParams: Record<string, string | number> = {},
  ) {
    super('HOST_REJECTED', { hostCode, hostMessage, status });
    this.name = 'HostRejectedError';
  }
}
