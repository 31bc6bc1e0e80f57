/**
 * Certificates for an engine behind TLS, made with openssl (ECDSA P-256 keys: fast to make) the way the docker docs describe
 * ("Protect the Docker daemon socket"): a CA, a server certificate for 127.0.0.1
 * (subjectAltName IP:127.0.0.1, serverAuth) and a client certificate (clientAuth), all signed by
 * that CA. Client files use the names DOCKER_CERT_PATH expects: ca.pem, cert.pem, key.pem.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export interface CertSet {
  /** DOCKER_CERT_PATH: ca.pem, cert.pem, key.pem (and the server's files beside them). */
  readonly dir: string;
  readonly ca: string;
  readonly cert: string;
  readonly key: string;
  readonly serverCert: string;
  readonly serverKey: string;
}

function openssl(cwd: string, args: string[]): void {
  const r = spawnSync('openssl', args, { cwd, encoding: 'utf8', timeout: 60_000 });
  if (r.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${r.stderr || r.error?.message}`);
}

/** A self-signed CA in `dir` (ca.pem, ca-key.pem). */
function makeCa(dir: string, name: string): void {
  mkdirSync(dir, { recursive: true });
  openssl(dir, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-days', '2', '-keyout', 'ca-key.pem', '-out', 'ca.pem', '-subj', `/CN=${name}`]);
}

/** A key and a certificate signed by the CA in `dir`, with the given extensions. */
function makeSigned(dir: string, base: { key: string; cert: string }, subject: string, extensions: string): void {
  writeFileSync(path.join(dir, `${base.cert}.ext`), extensions);
  openssl(dir, ['req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-sha256', '-keyout', base.key, '-out', `${base.cert}.csr`, '-subj', subject]);
  openssl(dir, ['x509', '-req', '-sha256', '-days', '2', '-in', `${base.cert}.csr`, '-CA', 'ca.pem', '-CAkey', 'ca-key.pem', '-CAcreateserial', '-out', base.cert, '-extfile', `${base.cert}.ext`]);
}

/** CA + server certificate for 127.0.0.1 + client certificate, in `dir`. */
export function makeCerts(dir: string): CertSet {
  makeCa(dir, 'stackc e2e CA');
  makeSigned(dir, { key: 'server-key.pem', cert: 'server-cert.pem' }, '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  makeSigned(dir, { key: 'key.pem', cert: 'cert.pem' }, '/CN=stackc-e2e-client', 'extendedKeyUsage=clientAuth\n');
  const f = (name: string) => path.join(dir, name);
  return { dir, ca: f('ca.pem'), cert: f('cert.pem'), key: f('key.pem'), serverCert: f('server-cert.pem'), serverKey: f('server-key.pem') };
}

/**
 * Another CA with a client certificate of its own, in `dir`: as DOCKER_CERT_PATH it trusts the
 * wrong CA (the engine's certificate does not verify), and its cert.pem/key.pem are a client
 * certificate the engine does not trust.
 */
export function makeForeignCerts(dir: string): CertSet {
  makeCa(dir, 'some other CA');
  makeSigned(dir, { key: 'key.pem', cert: 'cert.pem' }, '/CN=stranger', 'extendedKeyUsage=clientAuth\n');
  const f = (name: string) => path.join(dir, name);
  return { dir, ca: f('ca.pem'), cert: f('cert.pem'), key: f('key.pem'), serverCert: '', serverKey: '' };
}
