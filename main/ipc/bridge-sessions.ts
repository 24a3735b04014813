import { randomBytes } from 'node:crypto';

/**
 * Browser mode's sessions (docs/security.md, "Sessions in browser mode"). A browser gets in with a one-time
 * launch code — `/?code=…` on the address `serve` prints (stdout, never argv) or in the private launch file
 * `start` hands Chromium — which the bridge exchanges at the first load for a session cookie of its own
 * (HttpOnly, SameSite=Strict). The code is then spent: the same address opened again, or by anyone else,
 * gets no session. Each cookie is one client of the IPC gate (its own sign-in, idle lock, confirmation).
 *
 * Codes live for CODE_TTL_MS and at most MAX_CODES wait at a time; sessions last as long as the process.
 */
export const CODE_TTL_MS = 10 * 60_000;
const MAX_CODES = 16;
const MAX_SESSIONS = 64;

export interface Session {
  /** The secret in the cookie. */
  id: string;
  /** The IPC gate's client name (CallContext.client). */
  client: string;
}

export interface BridgeSessions {
  /** The cookie's name, tied to the port (cookies do not tell ports apart). */
  readonly cookieName: string;
  /** A new one-time code; `onUsed` runs when a browser has spent it. */
  issueCode(onUsed?: () => void): string;
  /** Spends `code` for a new session, or null when it is unknown, spent or expired. */
  exchange(code: string): Session | null;
  /** The client a request's Cookie header names, or null when it carries no live session. */
  clientOf(cookieHeader: string | undefined): string | null;
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
      const s: Session = { id: secret(), client: `br:${++clients}` };
      sessions.set(s.id, s);
      try {
        c.onUsed?.();
      } catch {
        /* the caller's clean-up must not cost the browser its session */
      }
      return s;
    },
    clientOf(header) {
      const id = cookieValue(header, cookieName);
      return id === null ? null : sessions.get(id)?.client ?? null;
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
