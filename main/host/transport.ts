import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http';
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https';
import { AppError } from '../../contract/errors';
import { hostUrlProblem } from '../../contract/host-url';

/**
 * One HTTP(S) exchange with the issuer host (docs/architecture.md §3). Node's own http/https with a
 * keep-alive agent, because the global fetch cannot take the issuer's CA or a client certificate
 * without undici's Agent. A real host is reached over HTTPS only: the server certificate must chain to
 * the configured CA (or the system's, when none is configured) and carry the host's name (Node's
 * default check); plain http:// is allowed for a loopback host — the simulator — only.
 */
export interface HostTls {
  /** The issuer's CA certificate(s), PEM. Without it the system's CAs are trusted. */
  ca?: string | Buffer;
  /** The terminal's client certificate and key, PEM, for a host that requires mutual TLS. */
  cert?: string | Buffer;
  key?: string | Buffer;
}

export type Outcome =
  | { kind: 'answer'; status: number; text: string }
  | { kind: 'timeout' }
  | { kind: 'aborted' }
  | { kind: 'failed'; error: AppError; retry: boolean };

/** Throws HOST_URL_INVALID / HOST_URL_INSECURE unless `url` may be used as the issuer host's address (contract/host-url.ts). */
export function checkHostUrl(url: string): URL {
  const problem = hostUrlProblem(url);
  if (problem) throw new AppError(problem, { url });
  return new URL(url);
}

/** Node's TLS error codes → what the operator is told. Null when `code` is not a TLS verdict. */
function tlsFailure(code: string, host: string, message: string): AppError | null {
  const detail = code;
  switch (code) {
    case 'UNABLE_TO_VERIFY_LEAF_SIGNATURE': case 'SELF_SIGNED_CERT_IN_CHAIN': case 'DEPTH_ZERO_SELF_SIGNED_CERT':
    case 'UNABLE_TO_GET_ISSUER_CERT': case 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY': case 'CERT_UNTRUSTED': case 'CERT_SIGNATURE_FAILURE':
    case 'CERT_REJECTED': case 'INVALID_CA':
      return new AppError('HOST_TLS_UNTRUSTED', { detail, host });
    case 'ERR_TLS_CERT_ALTNAME_INVALID': case 'HOSTNAME_MISMATCH':
      return new AppError('HOST_TLS_NAME_MISMATCH', { host, detail });
    case 'CERT_HAS_EXPIRED': case 'CERT_NOT_YET_VALID':
      return new AppError('HOST_TLS_CERT_EXPIRED', { detail, host });
    case 'ERR_SSL_TLSV13_ALERT_CERTIFICATE_REQUIRED': case 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE':
      return new AppError('HOST_TLS_CLIENT_CERT_REQUIRED', { detail, host });
    case 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA': case 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE': case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_UNKNOWN':
    case 'ERR_SSL_TLSV1_ALERT_ACCESS_DENIED': case 'ERR_SSL_SSLV3_ALERT_CERTIFICATE_EXPIRED':
      return new AppError('HOST_TLS_CLIENT_CERT_REJECTED', { detail, host });
    default:
      if (code.startsWith('ERR_SSL_') || code.startsWith('ERR_TLS_')) return new AppError('HOST_TLS_FAILED', { detail: `${code}: ${message}`, host });
      return null;
  }
}

export class HostTransport {
  readonly base: URL;
  private readonly agent: HttpAgent;
  private readonly clientCert: boolean;

  constructor(private readonly baseUrl: string, tls: HostTls = {}) {
    this.base = checkHostUrl(baseUrl);
    const https = this.base.protocol === 'https:';
    if (!https && (tls.ca || tls.cert || tls.key)) throw new AppError('HOST_TLS_OPTIONS_INVALID', { detail: 'certificates need an https:// host' });
    if (Boolean(tls.cert) !== Boolean(tls.key)) throw new AppError('HOST_TLS_OPTIONS_INVALID', { detail: 'client certificate and key go together' });
    this.clientCert = Boolean(tls.cert);
    this.agent = https ? new HttpsAgent({ keepAlive: true, ca: tls.ca, cert: tls.cert, key: tls.key }) : new HttpAgent({ keepAlive: true });
  }

  /** One exchange, answer body included, within `timeoutMs`. Never throws. */
  exchange(method: string, path: string, headers: Record<string, string>, body: string | undefined, timeoutMs: number, signal?: AbortSignal): Promise<Outcome> {
    if (signal?.aborted) return Promise.resolve({ kind: 'aborted' });
    const url = new URL(this.base.pathname.replace(/\/+$/, '') + path, this.base);
    const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise<Outcome>((resolve) => {
      let settled = false;
      let handshake = false; // a fresh TLS handshake completed in this exchange
      let answered = false;
      const finish = (o: Outcome) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        resolve(o);
      };
      const req = send(url, { method, headers, agent: this.agent }, (res: IncomingMessage) => {
        answered = true;
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (c: string) => { text += c; });
        res.on('end', () => finish({ kind: 'answer', status: res.statusCode ?? 0, text }));
        res.on('error', (e) => finish(this.failure(e, false)));
      });
      req.once('socket', (socket) => {
        if (!req.reusedSocket) socket.once('secureConnect', () => { handshake = true; });
      });
      const timer = setTimeout(() => { finish({ kind: 'timeout' }); req.destroy(); }, timeoutMs);
      const onAbort = () => { finish({ kind: 'aborted' }); req.destroy(); };
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (e) => finish(this.failure(e, handshake && !answered)));
      req.end(body);
    });
  }

  close(): void {
    this.agent.destroy();
  }

  /**
   * `resetAfterHandshake`: the connection was reset right after a fresh handshake, before any answer. Under
   * TLS 1.3 that is how a host that refuses our client certificate looks from here (its alert is lost in the
   * reset), so with a certificate configured it is reported as refused — and still retried, as a reset may
   * also be the network's.
   */
  private failure(e: Error, resetAfterHandshake: boolean): Outcome {
    const code = (e as { code?: string }).code ?? '';
    const tls = tlsFailure(code, this.base.host, e.message);
    if (tls) return { kind: 'failed', error: tls, retry: false }; // a certificate does not get better by asking again
    if (code === 'ECONNRESET' && resetAfterHandshake && this.clientCert) {
      return { kind: 'failed', error: new AppError('HOST_TLS_CLIENT_CERT_REJECTED', { detail: 'ECONNRESET right after the TLS handshake', host: this.base.host }), retry: true };
    }
    return { kind: 'failed', error: new AppError('HOST_UNREACHABLE', { url: this.baseUrl, detail: code || e.message }, { cause: e }), retry: true };
  }
}
