import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * Throw-away certificates for the HTTPS and mutual-TLS tests, made at test time with the `openssl` CLI
 * (a Debian package of scripts/setup-system.sh) in a temporary folder: nothing secret is committed.
 * EC P-256 keys, valid for two days.
 */
export interface Pem { cert: string; key: string; certPath: string; keyPath: string }

export interface TestPki {
  dir: string;
  /** The issuer's CA: signs the host's and the terminals' certificates. */
  ca: Pem;
  /** A server certificate for these DNS names / IP addresses, signed by `ca` (or by `signer`). */
  server(names: string[], signer?: Pem): Pem;
  /** A terminal's client certificate (CN = terminal id), signed by `ca` (or by `signer`). */
  client(commonName: string, signer?: Pem): Pem;
  /** Another, unrelated CA. */
  newCa(name: string): Pem;
}

function openssl(args: string[], cwd: string): void {
  try {
    execFileSync('openssl', args, { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
  } catch (e) {
    const detail = (e as { stderr?: Buffer; code?: string }).stderr?.toString() ?? String(e);
    throw new Error(`openssl ${args[0]} failed (is the openssl package installed? scripts/setup-system.sh): ${detail}`);
  }
}

export function makeTestPki(): TestPki {
  const dir = mkdtempSync(join(tmpdir(), 'etc-pki-'));
  let n = 0;
  const read = (name: string): Pem => ({
    cert: readFileSync(join(dir, `${name}.crt`), 'utf8'), key: readFileSync(join(dir, `${name}.key`), 'utf8'),
    certPath: join(dir, `${name}.crt`), keyPath: join(dir, `${name}.key`),
  });
  const newKey = (name: string) => openssl(['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', `${name}.key`], dir);
  const newCa = (cn: string): Pem => {
    const name = `ca${++n}`;
    newKey(name);
    openssl(['req', '-x509', '-new', '-key', `${name}.key`, '-out', `${name}.crt`, '-days', '2', '-subj', `/CN=${cn}`,
      '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign'], dir);
    return read(name);
  };
  const issue = (cn: string, ext: string, signer: Pem): Pem => {
    const name = `leaf${++n}`;
    newKey(name);
    openssl(['req', '-new', '-key', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${cn}`], dir);
    writeFileSync(join(dir, `${name}.ext`), ext);
    openssl(['x509', '-req', '-in', `${name}.csr`, '-CA', signer.certPath, '-CAkey', signer.keyPath, '-CAcreateserial',
      '-out', `${name}.crt`, '-days', '2', '-extfile', `${name}.ext`], dir);
    return read(name);
  };
  const ca = newCa('etc-counter test issuer CA');
  return {
    dir, ca, newCa,
    server: (names, signer = ca) => {
      const alt = names.map((x) => (/^[\d.]+$|:/.test(x) ? `IP:${x}` : `DNS:${x}`)).join(',');
      return issue(names[0] ?? 'host', `subjectAltName=${alt}\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n`, signer);
    },
    client: (cn, signer = ca) => issue(cn, 'basicConstraints=CA:FALSE\nextendedKeyUsage=clientAuth\n', signer),
  };
}
