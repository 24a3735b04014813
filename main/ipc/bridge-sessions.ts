import { randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * Browser mode's sessions (docs/security.md, "Sessions"). A browser gets in with a one-time launch code —
 * `/?code=…` on the address `serve` prints (stdout, never argv) or in the private launch file `start` hands
 * Chromium — which the page itself spends at its first load (`POST /session`, renderer/bridge-client.ts) for
 * a session: a cookie (HttpOnly, SameSite=Strict) and a secret the page keeps in its tab's sessionStorage
 * and sends with every call (`x-counter-session`). The code is then spent: the same address opened again, or
 * by anyone else, gets no session. Each session is one client of the IPC gate (its own sign-in, idle lock,
 * confirmation).
 *
 * Why a secret beside the cookie: cookies do not tell ports apart, so any program listening on another
 * loopback port receives the cookie when the browser visits it. Storage does (an origin is scheme, host and
 * port): no other page can read the secret, so a borrowed cookie alone reaches nothing.
 *
 * Codes live for CODE_TTL_MS and at most MAX_CODES wait at a time; sessions last as long as the process.
 */
export const CODE_TTL_MS = 10 * 60_000;
const MAX_CODES = 16;
const MAX_SESSIONS = 64;

export interface Session {
  /** The secret in the cookie. */
  id: string;
  /** The secret the page holds and sends as `x-counter-session` (never in a cookie). */
  secret: string;
  /** The IPC gate's client name (CallContext.client). */
  client: string;
}

/** The header a call carries the page's session secret in. */
export const SECRET_HEADER = 'x-counter-session';

export interface BridgeSessions {
  /** The cookie's name, tied to the port (cookies do not tell ports apart). */
  readonly cookieName: string;
  /** A new one-time code; `onUsed` runs when a browser has spent it. */
  issueCode(onUsed?: () => void): string;
  /** Spends `code` for a new session, or null when it is unknown, spent or expired. */
  exchange(code: string): Session | null;
  /** The client of a request carrying a live session's cookie AND its secret, else null. */
  clientOf(cookieHeader: string | undefined, secretHeader: string | string[] | undefined): string | null;
  /** The Set-Cookie header value that hands `s` to the browser. */
  setCookie(s: Session): string;
}

interface Code { expires: number; onUsed?: () => void }

const secret = (): string => randomBytes(32).toString('base64url');

export function bridgeSessions(port: number, now: () => number = Date.now): BridgeSessions {
  const codes = new Map<string, Code>();
  const sessions = new Map<string, Session>();
  const cookieName = `counter-session-${port}`;
  let clients = 0;

  const prune = (): void => {
    const t = now();
    for (const [c, v] of codes) if (v.expires <= t) codes.delete(c);
  };

  return {
    cookieName,
    issueCode(onUsed) {
      prune();
      // The oldest unused code gives way: only whoever runs the program can ask for codes at all.
      while (codes.size >= MAX_CODES) codes.delete(codes.keys().next().value as string);
      const code = secret();
      codes.set(code, { expires: now() + CODE_TTL_MS, onUsed });
      return code;
    },
    exchange(code) {
      prune();
      const c = codes.get(code);
      if (!c) return null;
      codes.delete(code);
      // A counter has one or two browsers; a flood of codes must not grow the table without bound.
      while (sessions.size >= MAX_SESSIONS) sessions.delete(sessions.keys().next().value as string);
      const s: Session = { id: secret(), secret: secret(), client: `br:${++clients}` };
      sessions.set(s.id, s);
      try {
        c.onUsed?.();
      } catch {
        /* the caller's clean-up must not cost the browser its session */
      }
      return s;
    },
    clientOf(header, secretHeader) {
      const id = cookieValue(header, cookieName);
      const s = id === null ? undefined : sessions.get(id);
      if (!s || typeof secretHeader !== 'string') return null;
      const given = Buffer.from(secretHeader, 'utf8');
      const want = Buffer.from(s.secret, 'utf8');
      return given.length === want.length && timingSafeEqual(given, want) ? s.client : null;
    },
    setCookie(s) {
      return `${cookieName}=${s.id}; Path=/; HttpOnly; SameSite=Strict`;
    },
  };
}

/** The value of cookie `name` in a Cookie header (RFC 6265 pairs separated by `;`), or null. */
export function cookieValue(header: string | undefined, name: string): string | null {
  if (typeof header !== 'string' || header.length > 8192) return null;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    if (part.slice(0, eq).trim() === name) return part.slice(eq + 1).trim();
  }
  return null;
}
