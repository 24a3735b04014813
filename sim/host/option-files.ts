import { readFileSync } from 'node:fs';
import { AppError } from '../../contract/errors';
import { loadCalendarFile } from './calendar';
import type { HostSimOptions } from './server';

/**
 * The simulator's options that come from files, as `etc-counter sim host` names them: the holiday
 * calendar (`--calendar`) and HTTPS (`--tls-cert`, `--tls-key`, `--tls-client-ca`, `--require-client-cert`).
 * A file that cannot be read or is not what it should be is a clear AppError before anything starts.
 */
export interface SimHostFileArgs {
  calendar?: string;
  tlsCert?: string;
  tlsKey?: string;
  tlsClientCa?: string;
  requireClientCert?: boolean;
}

function pem(path: string): string {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new AppError('SIM_TLS_FILE', { file: path, detail: e instanceof Error ? e.message : String(e) }, { cause: e });
  }
  if (!text.includes('-----BEGIN ')) throw new AppError('SIM_TLS_FILE', { file: path, detail: 'not a PEM file' });
  return text;
}

export function simHostFileOptions(a: SimHostFileArgs): Pick<HostSimOptions, 'calendar' | 'tls'> {
  const out: Pick<HostSimOptions, 'calendar' | 'tls'> = {};
  if (a.calendar !== undefined) out.calendar = loadCalendarFile(a.calendar);
  if ((a.tlsCert === undefined) !== (a.tlsKey === undefined)) throw new AppError('HOST_SIM_USAGE');
  if ((a.tlsClientCa !== undefined || a.requireClientCert) && a.tlsCert === undefined) throw new AppError('HOST_SIM_USAGE');
  if (a.requireClientCert && a.tlsClientCa === undefined) throw new AppError('HOST_SIM_USAGE');
  if (a.tlsCert !== undefined && a.tlsKey !== undefined) {
    out.tls = {
      cert: pem(a.tlsCert), key: pem(a.tlsKey), ca: a.tlsClientCa === undefined ? undefined : pem(a.tlsClientCa),
      requireClientCert: a.requireClientCert ?? false,
    };
  }
  return out;
}
