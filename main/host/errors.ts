import { AppError } from '../../contract/errors';

/**
 * The host answered 4xx: it understood the request and refused it. `hostCode` is the host's own stable
 * code (MAC1_INVALID, ORDER_CONFLICT, SERIAL_CHANGED, …) for the engine to branch on; the operator
 * reads the host's Chinese message inside HOST_REJECTED.
 */
export class HostRejectedError extends AppError {
  constructor(
    readonly status: number,
    readonly hostCode: string,
    readonly hostMessage: string,
  ) {
    super('HOST_REJECTED', { hostCode, hostMessage, status });
    this.name = 'HostRejectedError';
  }
}
