import { connect } from 'node:net';
import { z } from 'zod';
import { CALL_NAMES, CALLS, type CallName } from '../../contract/ipc';

/**
 * The fuzz test's requests (bridge-fuzz.test.ts): a seeded generator of random and malformed HTTP for the
 * browser bridge, and a raw-socket client that sends bytes exactly as generated and reads back the status
 * line (and, for calls, the JSON answer). Loopback only.
 */
export type Rng = () => number;

/** mulberry32: small, fast and reproducible from its seed (the test prints it). */
export function rng(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
export const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)] as T;
const int = (r: Rng, max: number): number => Math.floor(r() * max);

const ALPHABET = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~!$&\'()*+,;=:@/?#[]%"<>\\^`{|} \t';
export function randomText(r: Rng, max: number): string {
  let s = '';
  const n = int(r, max);
  for (let i = 0; i < n; i++) {
    const k = r();
    s += k < 0.8 ? ALPHABET[int(r, ALPHABET.length)] : k < 0.95 ? String.fromCodePoint(0x4e00 + int(r, 2000)) : String.fromCharCode(int(r, 32));
  }
  return s;
}
export function randomBytes(r: Rng, max: number): Buffer {
  const b = Buffer.alloc(int(r, max) + 1);
  for (let i = 0; i < b.length; i++) b[i] = int(r, 256);
  return b;
}

/** A random JSON value, up to `depth` deep, with the keys a schema knows now and then. */
export function randomJson(r: Rng, depth: number, keys: readonly string[] = []): unknown {
  const k = r();
  if (depth <= 0 || k < 0.3) {
    return pick(r, [null, true, false, 0, -1, 1.5, 2 ** 53, -(2 ** 31), 1e308, int(r, 100_000_000), '', randomText(r, 40), 'wechat', 'A01', '123456',
      '2025-02-30', '9999-99-99', '<script>', '../../etc/passwd', '\u0000', 'x'.repeat(int(r, 3000))]);
  }
  if (k < 0.5) return Array.from({ length: int(r, 5) }, () => randomJson(r, depth - 1, keys));
  const o: Record<string, unknown> = {};
  const n = int(r, 5);
  for (let i = 0; i < n; i++) {
    const key = r() < 0.6 && keys.length > 0 ? pick(r, keys) : pick(r, ['__proto__', 'constructor', 'prototype', randomText(r, 12), 'id', 'x']);
    o[key] = randomJson(r, depth - 1, keys);
  }
  return o;
}

/** The field names a call's request schema declares (its zod object's shape). */
export function schemaKeys(name: CallName): string[] {
  const req = CALLS[name].req as z.ZodType;
  return req instanceof z.ZodObject ? Object.keys(req.shape) : [];
}

/** The request as the gate would see it (main/ipc/bridge.ts, register.ts): empty is `{}`, `null` is `{}`. */
export function accepted(name: CallName, body: string): boolean {
  let v: unknown;
  try {
    v = JSON.parse(body || '{}');
  } catch {
    return false;
  }
  return CALLS[name].req.safeParse(v ?? {}).success;
}

/**
 * A body for `name` its schema refuses: random JSON, or text that is no JSON at all. A random body that
 * happens to be a valid request (a `{}` for a call without fields) is made invalid by an unknown key —
 * every request schema is strict — so the fuzz never performs a real call on a signed-in session.
 */
export function invalidBody(r: Rng, name: CallName): string {
  const keys = schemaKeys(name);
  const k = r();
  let body = k < 0.15 ? pick(r, ['{', '[1,', 'NaN', 'undefined', '{"a":1}}', '"\\ud800"', '\u0000', '{"__proto__":{"x":1}}', '[[[[[[[[[[', randomText(r, 200)])
    : k < 0.2 ? `${'['.repeat(2000 + int(r, 3000))}${']'.repeat(2000)}` // deep nesting
      : JSON.stringify(randomJson(r, 4, keys)) ?? 'null';
  for (let tries = 0; accepted(name, body) && tries < 5; tries++) {
    body = JSON.stringify({ ...(JSON.parse(body || '{}') ?? {}), [`fuzz${int(r, 1000)}`]: randomJson(r, 1) });
  }
  return accepted(name, body) ? '{"fuzz":true}' : body;
}

export const CALLS_TO_FUZZ: readonly CallName[] = CALL_NAMES;

export interface Answer {
  /** The status code, or what happened instead: 'closed' (the server hung up without a word), 'timeout', 'refused'. */
  status: number | 'closed' | 'timeout' | 'refused';
  body: string;
}

/**
 * Sends `bytes` on a fresh loopback socket (optionally keeping it open `holdMs` after writing, or closing
 * the writing side at once: `halfClose`) and reads the answer: the status line, and the body up to its
 * Content-Length or the close. Never throws.
 */
export function exchange(port: number, bytes: Buffer | string, o: { waitMs?: number; halfClose?: boolean; readBody?: boolean } = {}): Promise<Answer> {
  return new Promise((resolve) => {
    let buf = Buffer.alloc(0);
    let done = false;
    const finish = (a: Answer): void => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(a);
    };
    const parse = (closed: boolean): void => {
      const text = buf.toString('latin1');
      const headEnd = text.indexOf('\r\n\r\n');
      const m = /^HTTP\/1\.[01] (\d{3})/.exec(text);
      if (!m) {
        if (closed) finish({ status: 'closed', body: '' });
        return;
      }
      const status = Number(m[1]);
      if (!o.readBody) return finish({ status, body: '' });
      if (headEnd < 0) {
        if (closed) finish({ status, body: '' });
        return;
      }
      const length = /\r\ncontent-length: *(\d+)/i.exec(text.slice(0, headEnd))?.[1];
      const body = buf.subarray(Buffer.byteLength(text.slice(0, headEnd + 4), 'latin1'));
      if (length !== undefined && body.length >= Number(length)) finish({ status, body: body.subarray(0, Number(length)).toString('utf8') });
      else if (closed) finish({ status, body: body.toString('utf8') });
    };
    const socket = connect(port, '127.0.0.1', () => {
      socket.write(bytes);
      if (o.halfClose) socket.end();
    });
    const timer = setTimeout(() => finish({ status: 'timeout', body: '' }), o.waitMs ?? 15_000);
    socket.on('data', (d: Buffer) => { buf = Buffer.concat([buf, d]); parse(false); });
    socket.on('end', () => parse(true));
    socket.on('close', () => parse(true));
    socket.on('error', (e: NodeJS.ErrnoException) => finish({ status: e.code === 'ECONNREFUSED' ? 'refused' : 'closed', body: '' }));
  });
}

/** A request as bytes: request line, headers (the given ones, in order), blank line, body. */
export function httpRequest(method: string, target: string, headers: [string, string][], body = ''): Buffer {
  const head = `${method} ${target} HTTP/1.1\r\n${headers.map(([k, v]) => `${k}: ${v}\r\n`).join('')}\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), Buffer.from(body, 'utf8')]);
}
