import { existsSync, linkSync, mkdirSync, readdirSync, rmSync, statSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { AppError } from '../../contract/errors';
import { dayNumber } from '../journal/dates';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../journal/file-modes';

/** receipt = 回单, evidence = 证据单, report = 日结报表, refund = 退款说明. */
export type ArchiveKind = 'receipt' | 'evidence' | 'report' | 'refund';

export interface ArchiveEntry {
  path: string;
  date: string; // YYYY-MM-DD: the recharge's local date (the report's day for a report)
  id: string; // recharge id, or `day` for a report
  kind: ArchiveKind;
  reprint: number | null; // N of `-reprint-N`, null for the original
  bytes: number;
}

const NAME_RE = /^(.+)-(receipt|evidence|report|refund)(?:-reprint-(\d+))?\.pdf$/;
const KIND_NAMES: Record<ArchiveKind, string> = { receipt: '回单', evidence: '证据单', report: '日结报表', refund: '退款说明' };

/**
 * Every printed slip as PDF under `<dataDir>/archive/YYYY-MM-DD/<id>-<kind>[-reprint-N].pdf`. Files are
 * written whole or not at all (temp file, fsync, hard link) and never overwritten: an original exists
 * once, reprints count up.
 */
export class ReceiptArchive {
  readonly root: string;

  constructor(dataDir: string) {
    this.root = join(dataDir, 'archive');
  }

  /** The original's path if it was archived already (then the next print is a reprint). */
  original(date: string, id: string, kind: ArchiveKind): string | null {
    const path = join(this.dayDir(date), `${safeId(id)}-${kind}.pdf`);
    return existsSync(path) ? path : null;
  }

  /**
   * Stores a PDF. `reprint: false` refuses with PRINT_ARCHIVE_EXISTS if the original is there already;
   * `reprint: true` takes the next free N.
   */
  save(o: { date: string; id: string; kind: ArchiveKind; reprint: boolean; pdf: Buffer }): ArchiveEntry {
    const dir = this.dayDir(o.date);
    const base = `${safeId(o.id)}-${o.kind}`;
    const tmp = join(dir, `.${base}.${process.pid}.${Date.now()}.tmp`);
    try {
      mkdirSync(dir, { recursive: true, mode: PRIVATE_DIR_MODE }); // only the counter reads slips (docs/security.md "Files")
      const fd = openSync(tmp, 'wx', PRIVATE_FILE_MODE);
      try {
        writeFileSync(fd, o.pdf);
        fsyncSync(fd);
      } finally {
        closeSync(fd);
      }
      for (let n = o.reprint ? 1 : 0; ; n++) {
        const name = n === 0 ? `${base}.pdf` : `${base}-reprint-${n}.pdf`;
        const path = join(dir, name);
        try {
          linkSync(tmp, path); // atomic, and fails if the name is taken: no overwrite, no race
          return { path, date: o.date, id: o.id, kind: o.kind, reprint: n === 0 ? null : n, bytes: o.pdf.length };
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
          if (!o.reprint) throw new AppError('PRINT_ARCHIVE_EXISTS', { kind: KIND_NAMES[o.kind], path });
        }
      }
    } catch (e) {
      if (e instanceof AppError) throw e;
      throw new AppError('PRINT_ARCHIVE_WRITE_FAILED', { path: join(dir, base), detail: (e as Error).message }, { cause: e });
    } finally {
      rmSync(tmp, { force: true });
    }
  }

  /** Archived PDFs of one day (or every day), originals before their reprints. */
  list(date?: string): ArchiveEntry[] {
    if (!existsSync(this.root)) return [];
    const days = date ? [date] : readdirSync(this.root).filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d)).sort();
    const out: ArchiveEntry[] = [];
    for (const day of days) {
      const dir = this.dayDir(day);
      if (!existsSync(dir)) continue;
      for (const name of readdirSync(dir)) {
        const m = NAME_RE.exec(name);
        if (!m) continue;
        const path = join(dir, name);
        out.push({ path, date: day, id: m[1] ?? '', kind: m[2] as ArchiveKind, reprint: m[3] ? Number(m[3]) : null, bytes: statSync(path).size });
      }
    }
    return out.sort((a, b) => a.date.localeCompare(b.date) || a.id.localeCompare(b.id) || a.kind.localeCompare(b.kind) ||
      (a.reprint ?? 0) - (b.reprint ?? 0));
  }

  private dayDir(date: string): string {
    dayNumber(date); // refuses anything but a real YYYY-MM-DD: it becomes a path
    return join(this.root, date);
  }
}

/** Recharge ids are UUIDs; anything else is made safe for a file name rather than trusted. */
function safeId(id: string): string {
  return id.replace(/[^A-Za-z0-9_.-]/g, '_').replace(/^\.+/, '_');
}
