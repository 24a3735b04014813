import { AppError } from '../../contract/errors';
import type { SignInRequest } from '../../contract/host-api';
import { HttpHostLink, type HttpHostLinkOptions } from './http-host-link';
import type { HostLink } from './port';
import type { HostTls } from './transport';

/** Where the host is and how to reach it: what the settings say (main/settings/host-target.ts). */
export interface HostTarget {
  baseUrl: string;
  tls?: HostTls;
  terminalId: string;
}

type ClosableLink = HostLink & { close?(): void };
const REFUSED_CLOSED = new AppError('HOST_LINK_CLOSED');

/**
 * The one host link the engine and the handlers hold for the whole run (docs/architecture.md §3), whose
 * target 系统设置 may change while the program runs: every call goes to the link of the moment, and
 * `connect` puts a new `HttpHostLink` in place (the old one's kept-alive connections are closed). A call
 * already on its way finishes on the link it started on. Until a host is configured, or while the
 * configured one cannot be used (a certificate file unreadable), every call is refused with the reason.
 */
export class HostConnection {
  readonly link: HostLink;
  private current: ClosableLink;
  private reason: AppError | null;
  private baseUrl: string | null = null;
  /** Who last signed in to the host: a new link signs in as them before its first call. */
  private lastSignIn: SignInRequest | null = null;

  constructor(
    initialProblem: AppError,
    private readonly o: { operatorId: string; make?: (opts: HttpHostLinkOptions) => ClosableLink } = { operatorId: 'counter' },
  ) {
    this.reason = initialProblem;
    this.current = refusing(initialProblem);
    this.link = new Proxy({} as HostLink, {
      get: (_target, prop) => {
        if (prop === 'signIn') {
          return (req: SignInRequest) => {
            this.lastSignIn = req;
            return this.current.signIn(req);
          };
        }
        const value: unknown = Reflect.get(this.current, prop);
        return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(this.current) : value;
      },
    });
  }

  /** Why calls are refused now (HOST_NOT_CONFIGURED, a certificate file's problem …), or null when a host is set. */
  get problem(): AppError | null {
    return this.reason;
  }

  /** The address calls go to, or null. */
  get url(): string | null {
    return this.baseUrl;
  }

  /** From now on calls go to `target`. Throws (and changes nothing) when the link cannot be made (HOST_URL_*, HOST_TLS_OPTIONS_INVALID). */
  connect(target: HostTarget): void {
    const operatorId = this.lastSignIn?.operatorId ?? this.o.operatorId;
    const next = (this.o.make ?? ((opts) => new HttpHostLink(opts)))({
      baseUrl: target.baseUrl, tls: target.tls, credentials: { terminalId: target.terminalId, operatorId },
    });
    this.swap(next, null, target.baseUrl);
  }

  /** From now on every call is refused with `reason`. */
  refuse(reason: AppError): void {
    this.swap(refusing(reason), reason, null);
  }

  close(): void {
    this.current.close?.();
    this.current = refusing(this.reason ?? REFUSED_CLOSED);
  }

  private swap(next: ClosableLink, reason: AppError | null, url: string | null): void {
    const old = this.current;
    this.current = next;
    this.reason = reason;
    this.baseUrl = url;
    // Calls under way finish on the old link; its kept-alive connections are dropped a while later.
    setTimeout(() => old.close?.(), 60_000).unref();
  }
}

/** A link that refuses every call with `reason` (no host configured, or not usable). */
function refusing(reason: AppError): ClosableLink {
  return new Proxy({} as ClosableLink, {
    get: (_target, prop) => (typeof prop !== 'string' || prop === 'close' || prop === 'then' ? undefined : () => Promise.reject(reason)),
  });
}
