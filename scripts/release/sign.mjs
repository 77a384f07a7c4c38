// Authenticode signing with osslsigncode, when a certificate is given in the environment:
//   CARDFILL_SIGN_PKCS12 (a .pfx/.p12 file) + CARDFILL_SIGN_PASSWORD, or
//   CARDFILL_SIGN_CERT (PEM or SPC certificate chain) + CARDFILL_SIGN_KEY (PEM private key)
//     [+ CARDFILL_SIGN_PASSWORD for an encrypted key],
//   CARDFILL_SIGN_TIMESTAMP_URL (optional; an RFC 3161 server, so signatures outlive the certificate),
//   CARDFILL_SIGN_CAFILE (optional; the CA to verify against, e.g. a test CA).
// Without them every step says "not signed" with a warning, and the release manifest records it.
// postject removes node.exe's own signature, so the executables must be signed again here.
import { renameSync, rmSync } from 'node:fs';
import { spawnSync } from 'node:child_process';

export function signingConfig(env = process.env) {
  if (env.CARDFILL_SIGN_PKCS12)
    return {
      args: ['-pkcs12', env.CARDFILL_SIGN_PKCS12, ...(env.CARDFILL_SIGN_PASSWORD ? ['-pass', env.CARDFILL_SIGN_PASSWORD] : [])],
      env,
    };
  if (env.CARDFILL_SIGN_CERT && env.CARDFILL_SIGN_KEY) {
    return {
      args: [
        '-certs',
        env.CARDFILL_SIGN_CERT,
        '-key',
        env.CARDFILL_SIGN_KEY,
        ...(env.CARDFILL_SIGN_PASSWORD ? ['-pass', env.CARDFILL_SIGN_PASSWORD] : []),
      ],
      env,
    };
  }
  return null;
}

let warned = false;
/** Sign `file` in place. Returns { signed, verified, reason }. */
export function signWindowsFile(file, description, config = signingConfig()) {
  if (!config) {
    if (!warned) {
      process.stderr.write(
        'release: WARNING: no signing certificate (CARDFILL_SIGN_PKCS12 or CARDFILL_SIGN_CERT + CARDFILL_SIGN_KEY): Windows files are NOT signed; SmartScreen will warn people.\n',
      );
      warned = true;
    }
    return { signed: false, reason: 'no certificate in the environment' };
  }
  if (spawnSync('osslsigncode', ['--version']).error) return { signed: false, reason: 'osslsigncode is not installed' };
  const out = `${file}.signed`;
  rmSync(out, { force: true });
  const ts = config.env.CARDFILL_SIGN_TIMESTAMP_URL ? ['-ts', config.env.CARDFILL_SIGN_TIMESTAMP_URL] : [];
  const r = spawnSync(
    'osslsigncode',
    ['sign', ...config.args, '-n', description, '-i', 'https://cardfill.cn', '-h', 'sha256', ...ts, '-in', file, '-out', out],
    { encoding: 'utf8' },
  );
  if (r.status !== 0) throw new Error(`osslsigncode could not sign ${file}: ${r.stderr || r.stdout}`);
  renameSync(out, file);
  const verifyArgs = ['verify', ...(config.env.CARDFILL_SIGN_CAFILE ? ['-CAfile', config.env.CARDFILL_SIGN_CAFILE] : []), '-in', file];
  const v = spawnSync('osslsigncode', verifyArgs, { encoding: 'utf8' });
  return { signed: true, verified: v.status === 0, timestamped: ts.length > 0 };
}
