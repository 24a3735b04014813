import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import type { BridgeLimits } from './bridge-http';

/**
 * The clerk always gets through (docs/security.md, "Browser mode's bridge"): whatever other local programs
 * hold open, a socket that has carried a signed session (cookie and secret) is served. Sockets start
 * untrusted; an untrusted one must finish its first request's headers within `untrustedHeadersTimeoutMs`
 * or it is closed, and untrusted ones may fill only `maxUntrustedConnections` of the `maxConnections`
 * places: the rest is the reserve of trusted sockets. A new connection is never refused for want of room
 * while an untrusted one is open: the oldest untrusted socket gives way (a half-open one costs its sender,
 * not the clerk). Every connection on loopback has the same address, so caps per peer cannot tell the
 * clerk's browser from anything else; a session can.
 */
export interface ConnectionGuard {
  /** The socket carried a request of a live session: it joins the reserve. */
  trust(socket: Socket): void;
  /** Open sockets, trusted and not (tests and the slow-client bench print them). */
  counts(): { trusted: number; untrusted: number; evicted: number };
}

export function guardConnections(server: Server, limits: BridgeLimits): ConnectionGuard {
  const untrusted = new Set<Socket>(); // in order of arrival: the first is the oldest
  const trusted = new Set<Socket>();
  const requested = new WeakSet<Socket>();
  let evicted = 0;

  const evictOldest = (): boolean => {
    const oldest = untrusted.values().next().value;
    if (!oldest) return false;
    untrusted.delete(oldest);
    evicted += 1;
    oldest.destroy();
    return true;
  };

  server.on('connection', (socket: Socket) => {
    untrusted.add(socket);
    const timer = setTimeout(() => {
      if (untrusted.has(socket) && !requested.has(socket)) socket.destroy(); // headers too slow for a stranger
    }, limits.untrustedHeadersTimeoutMs);
    timer.unref();
    socket.once('close', () => {
      clearTimeout(timer);
      untrusted.delete(socket);
      trusted.delete(socket);
    });
    while (untrusted.size > limits.maxUntrustedConnections || untrusted.size + trusted.size > limits.maxConnections) {
      if (untrusted.size <= 1 || !evictOldest()) break; // never this new socket for an older stranger's sake
    }
    if (untrusted.size + trusted.size > limits.maxConnections) socket.destroy(); // only the reserve is left: trusted ones hold it
  });
  server.on('request', (req) => requested.add(req.socket));

  return {
    trust(socket) {
      if (trusted.has(socket) || socket.destroyed) return;
      untrusted.delete(socket);
      trusted.add(socket);
    },
    counts: () => ({ trusted: trusted.size, untrusted: untrusted.size, evicted }),
  };
}
