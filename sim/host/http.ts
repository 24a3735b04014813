import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ZodError, z } from 'zod';
import { t } from '../../contract/i18n';
import { HostError } from './errors';

/** The simulator's HTTP plumbing: routes, bodies, answers, and how a refusal becomes `{code, message}`. */
export interface Reply { status: number; json?: unknown; html?: string; after?: () => void }

export interface RequestInfo {
  query: URLSearchParams;
  /** The signed-in terminal, on authenticated routes. */
  session: { terminalId: string; operatorId: string } | null;
  /** Aborts when the client goes away before the answer (a long poll then stops waiting). */
  signal: AbortSignal;
}
export type Handler = (m: string[], body: unknown, req: RequestInfo) => Reply | Promise<Reply>;
export interface Route { method: string; pattern: RegExp; auth: boolean; handle: Handler }

export const ok = (json: unknown): Reply => ({ status: 200, json });

export function parse<S extends z.ZodType>(schema: S, value: unknown): z.output<S> {
  const r = schema.safeParse(value);
  if (!r.success) throw new HostError(400, 'REQUEST_INVALID', { detail: describeZod(r.error) });
  return r.data;
}

export function describeZod(e: ZodError): string {
  return e.issues.map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`).join('; ');
}

export function readBody(req: IncomingMessage): Promise<unknown> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > 1_000_000) reject(new HostError(400, 'REQUEST_INVALID', { detail: 'body too large' }));
      else chunks.push(c);
    });
    req.on('end', () => {
      const text = Buffer.concat(chunks).toString('utf8').trim();
      if (text === '') return resolve({});
      try {
        resolve(JSON.parse(text) as unknown);
      } catch {
        reject(new HostError(400, 'REQUEST_INVALID', { detail: 'body is not JSON' }));
      }
    });
    req.on('error', reject);
  });
}

export function send(res: ServerResponse, reply: Reply): void {
  if (res.destroyed) return;
  if (reply.html !== undefined) {
    res.writeHead(reply.status, { 'content-type': 'text/html; charset=utf-8' }).end(reply.html);
  } else {
    res.writeHead(reply.status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(reply.json ?? {}));
  }
}

export function failure(e: unknown): Reply {
  if (e instanceof HostError) return { status: e.status, json: e.body() };
  const detail = e instanceof Error ? e.message : String(e);
  return { status: 500, json: { code: 'INTERNAL', message: t('INTERNAL', { detail }) } };
}
