import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { AppError } from '../../contract/errors';
import { t } from '../../contract/i18n';
import { OPERATOR_ROLES, type OperatorRole } from '../../contract/ipc';
import { SignInRefused, type Command } from '../cli/command';
import { signInForCli, type SignInFlags } from '../cli/sign-in';
import { processIo } from '../cli/stdin';
import { dataDir, journalPathFor, loadSettings, refuseTrainingJournal } from '../config';
import { privateDir } from '../journal/file-modes';
import { SqliteJournal } from '../journal/sqlite-journal';
import type { Actor } from './audit';
import { openAuth, SYSTEM, type Auth } from './index';

/**
 * `etc-counter operator add|unlock|list` — setting up and looking after the counter's accounts on the
 * computer itself (the journal must not be open in the app: it is locked to one program). More in
 * cli-accounts.ts (disable, enable, recover, recovery-code), on the helpers exported here.
 *
 * Passwords are never taken from the command line (it shows in `ps` and shell history): typed at a terminal
 * without echo, or one per line on standard input (main/cli/stdin.ts). Once any operator exists, changes are
 * made as a supervisor who signs in first (main/cli/sign-in.ts): `--operator ID` (or its older spelling
 * `--as ID`), whose password is the first line; the change is audited under that supervisor.
 */
const OPTIONS = {
  journal: { type: 'string' }, config: { type: 'string' }, training: { type: 'boolean', default: false },
  id: { type: 'string' }, name: { type: 'string' }, role: { type: 'string' }, as: { type: 'string' }, operator: { type: 'string' },
  json: { type: 'boolean', default: false },
} as const;

export function parse(argv: string[]) {
  try {
    return parseArgs({ args: argv, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (e) {
    throw new AppError('INVALID_INPUT', { detail: e instanceof Error ? e.message : String(e) });
  }
}

/** The journal the app would open with the same settings (main/config.ts journalPathFor), and its operators. */
export async function openFor(v: { journal?: string; config?: string; training?: boolean }): Promise<{ auth: Auth; close(): void }> {
  refuseTrainingJournal(v);
  const home = dataDir();
  const settings = loadSettings(v.config, { journalPath: v.journal }, home);
  const training = v.training ?? false;
  const path = journalPathFor(settings, training ? 'training' : 'real', home);
  privateDir(dirname(path));
  const journal = SqliteJournal.open(path, { training });
  try {
    await journal.verified;
    const auth = await openAuth(path, { training });
    return { auth, close: () => { auth.close(); journal.close(); } };
  } catch (e) {
    journal.close();
    throw e;
  }
}

/** The next secrets (passwords, a recovery code) from a terminal without echo, or stdin's next lines. */
export async function readLines(prompts: string[]): Promise<string[]> {
  const out: string[] = [];
  for (const p of prompts) out.push(await processIo.secret(p));
  return out;
}

/** The supervisor who signs in for a change (main/cli/sign-in.ts: `--operator`, the password first). */
export async function supervisorFor(auth: Auth, v: SignInFlags, command: string): Promise<Actor> {
  const op = await signInForCli(v, auth, processIo, { command, role: 'supervisor' });
  return { operatorId: op.operatorId, role: op.role };
}

export const addCommand: Command = {
  summary: 'operator add --id ID --name NAME --role supervisor|operator [--operator SUPERVISOR] [--journal FILE] [--training]: the supervisor\'s password, then the new one',
  async run(argv) {
    const v = parse(argv);
    if (!v.id || !v.name || !OPERATOR_ROLES.includes(v.role as OperatorRole)) {
      throw new AppError('INVALID_INPUT', { detail: '--id, --name and --role supervisor|operator are required' });
    }
    const { auth, close } = await openFor(v);
    try {
      const first = auth.operators.count() === 0;
      if (first && (v.operator ?? v.as) !== undefined) throw new SignInRefused('AUTH_CLI_FIRST_WITHOUT_OPERATOR');
      if (!first && (v.operator ?? v.as) === undefined) throw new SignInRefused('AUTH_SUPERVISOR_NEEDED');
      const actor = first ? SYSTEM : await supervisorFor(auth, v, 'operator add');
      const [password] = await readLines([`${v.id} 的密码`]);
      const role = v.role as OperatorRole;
      const { operator: added, recoveryCode } = await auth.operators.add({ id: v.id, name: v.name, role, password: password ?? '' }, actor);
      const params = { id: added.operatorId, name: added.name, role: t(`AUTH_ROLE_${role.toUpperCase()}`) };
      process.stdout.write(`${t('AUTH_OPERATOR_ADDED', params)} / ${t('AUTH_OPERATOR_ADDED', { ...params, role }, 'en')}\n`);
      if (recoveryCode) showRecoveryCode(recoveryCode);
      return 0;
    } finally {
      close();
    }
  },
};

/** The recovery code, once, in both languages (it is never stored in the clear anywhere). */
export function showRecoveryCode(code: string): void {
  process.stdout.write(`${t('AUTH_RECOVERY_CODE_SHOWN', { code })}\n${t('AUTH_RECOVERY_CODE_SHOWN', { code }, 'en')}\n`);
}

/** A message key in both languages, one line on stdout. */
export function say(key: string, params: Record<string, string | number>): void {
  process.stdout.write(`${t(key, params)} / ${t(key, params, 'en')}\n`);
}

export const unlockCommand: Command = {
  summary: 'operator unlock --id ID --operator SUPERVISOR [--journal FILE] [--training]: the supervisor\'s password first',
  async run(argv) {
    const v = parse(argv);
    if (!v.id) throw new AppError('INVALID_INPUT', { detail: '--id is required' });
    const { auth, close } = await openFor(v);
    try {
      const actor = await supervisorFor(auth, v, 'operator unlock');
      auth.operators.unlock(v.id, actor);
      say('AUTH_OPERATOR_UNLOCKED', { id: v.id });
      return 0;
    } finally {
      close();
    }
  },
};

export const listCommand: Command = {
  summary: 'operator list --operator SUPERVISOR [--json] [--journal FILE] [--training]: accounts, roles, lockouts (no passwords)',
  async run(argv) {
    const v = parse(argv);
    const { auth, close } = await openFor(v);
    try {
      await supervisorFor(auth, v, 'operator list'); // the window's 操作员账号 is for supervisors too
      const list = auth.operators.list();
      if (v.json) {
        process.stdout.write(`${JSON.stringify(list, null, 2)}\n`);
      } else {
        for (const o of list) {
          const flags = [o.locked ? '已锁定 locked' : '', o.disabled ? '已停用 disabled' : ''].filter(Boolean).join(' ');
          process.stdout.write(`${o.operatorId}\t${o.name}\t${t(`AUTH_ROLE_${o.role.toUpperCase()}`)} (${o.role})\t${flags}\n`);
        }
      }
      return 0;
    } finally {
      close();
    }
  },
};
