import { ADMIN_PASSWORD_ENV } from './auth';
import { dataDir } from './config';

/**
 * What the process environment says, read once at the edge — the CLI's commands and the Electron entry —
 * and passed down: the composition root (main/compose) never reads `process.env`.
 */
export interface Environment {
  /** `$ETC_COUNTER_HOME`, else ~/.etc-counter. */
  dataDir: string;
  /** `$ETC_COUNTER_ADMIN_PASSWORD`: a real journal's first start with no operator creates supervisor `admin` with it. */
  adminPassword: string | null;
}

export function readEnvironment(env: NodeJS.ProcessEnv = process.env): Environment {
  return { dataDir: dataDir(), adminPassword: env[ADMIN_PASSWORD_ENV] || null };
}
