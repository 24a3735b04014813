import { z } from 'zod';

/**
 * Fault switches of the simulated host (docs/architecture.md §3): they apply to the `/v1` API only, so `/sim/…`
 * stays reachable to switch them off again.
 *  - delay: every /v1 answer waits `delayMs` first (the request is still carried out);
 *  - fail: the next `times` requests whose path matches answer HTTP `status` without doing anything;
 *  - loseAnswer: the next `times` matching requests are carried out and committed, then the socket is
 *    destroyed without an answer — the case every idempotency key exists for;
 *  - down: the server stops listening and drops open connections (connection refused) until `up()`.
 * Path patterns are regular expressions tested against the URL path (e.g. `/authorize$`, `^/v1/orders$`).
 */
export interface FaultRule { kind: 'fail' | 'lose'; pattern: string; method: string | null; remaining: number; status: number; }

const compiles = (s: string) => {
  try {
    new RegExp(s);
    return true;
  } catch {
    return false;
  }
};
const pattern = z.string().min(1).refine(compiles, 'not a regular expression');

export const FaultRequestSchema = z.object({
  delayMs: z.number().int().min(0).max(600_000).optional(),
  fail: z.object({
    path: pattern, times: z.number().int().min(1).default(1), status: z.number().int().min(500).max(599).default(500),
    method: z.string().optional(),
  }).optional(),
  loseAnswer: z.object({ path: pattern, times: z.number().int().min(1).default(1), method: z.string().optional() }).optional(),
  /** Going down over HTTP needs a way back: the host comes up again after `downForMs` (default 5 s). */
  down: z.boolean().optional(),
  downForMs: z.number().int().min(1).max(600_000).optional(),
  clear: z.boolean().optional(),
});
export type FaultRequest = z.input<typeof FaultRequestSchema>;

export class HostFaults {
  delayMs = 0;
  private rules: FaultRule[] = [];
  private downState = false;
  private upTimer: NodeJS.Timeout | null = null;

  constructor(private readonly server: { stop(): Promise<void>; start(): Promise<void> }) {}

  delay(ms: number): this {
    this.delayMs = ms;
    return this;
  }

  /** The next `times` requests matching `path` answer HTTP `status` (5xx) without touching the store. */
  fail(path: string, times = 1, status = 500, method?: string): this {
    new RegExp(path); // refuse a bad pattern now rather than on the next request
    this.rules.push({ kind: 'fail', pattern: path, method: method?.toUpperCase() ?? null, remaining: times, status });
    return this;
  }

  /** The next `times` requests matching `path` are committed, then answered by a destroyed socket. */
  loseAnswer(path: string, times = 1, method?: string): this {
    new RegExp(path);
    this.rules.push({ kind: 'lose', pattern: path, method: method?.toUpperCase() ?? null, remaining: times, status: 0 });
    return this;
  }

  async down(forMs?: number): Promise<void> {
    if (!this.downState) {
      this.downState = true;
      await this.server.stop();
    }
    if (forMs !== undefined) {
      if (this.upTimer) clearTimeout(this.upTimer);
      this.upTimer = setTimeout(() => void this.up(), forMs);
      this.upTimer.unref();
    }
  }

  async up(): Promise<void> {
    if (this.upTimer) clearTimeout(this.upTimer);
    this.upTimer = null;
    if (!this.downState) return;
    this.downState = false;
    await this.server.start();
  }

  get isDown(): boolean {
    return this.downState;
  }

  /** Clears every switch without touching the listener; says whether the host was down (at close). */
  dispose(): boolean {
    if (this.upTimer) clearTimeout(this.upTimer);
    this.upTimer = null;
    this.delayMs = 0;
    this.rules = [];
    return this.downState;
  }

  /** Clears every switch and brings the host back up. */
  async clear(): Promise<void> {
    this.delayMs = 0;
    this.rules = [];
    await this.up();
  }

  /** Consumes one use of the first matching rule of `kind`, if any. */
  take(kind: FaultRule['kind'], method: string, path: string): FaultRule | null {
    const rule = this.rules.find((r) => r.kind === kind && r.remaining > 0 && (r.method === null || r.method === method)
      && new RegExp(r.pattern).test(path));
    if (!rule) return null;
    rule.remaining -= 1;
    this.rules = this.rules.filter((r) => r.remaining > 0);
    return rule;
  }

  snapshot(): { delayMs: number; down: boolean; rules: FaultRule[] } {
    return { delayMs: this.delayMs, down: this.downState, rules: this.rules.map((r) => ({ ...r })) };
  }

  /** Applies a `POST /sim/faults` body. Going down is deferred by the caller until the answer is sent. */
  apply(req: z.output<typeof FaultRequestSchema>): void {
    if (req.clear) {
      this.delayMs = 0;
      this.rules = [];
    }
    if (req.delayMs !== undefined) this.delay(req.delayMs);
    if (req.fail) this.fail(req.fail.path, req.fail.times, req.fail.status, req.fail.method);
    if (req.loseAnswer) this.loseAnswer(req.loseAnswer.path, req.loseAnswer.times, req.loseAnswer.method);
  }
}
