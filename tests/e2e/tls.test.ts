/**
 * `stackc` against an engine that only speaks TLS with client certificates (`dockerd --tlsverify`),
 * with certificates the test makes with openssl (tests/support/tls-certs.ts).
 *
 * The engine runs in a network namespace of its own (tests/e2e/cluster.ts) and listens on
 * tcp://127.0.0.1:PORT there; stackc and the docker CLI are run inside that namespace (nsenter
 * --net), so 127.0.0.1 is the engine's loopback and nothing listens on the machine's own. The
 * engine's unix socket (a file, reachable from anywhere) is used only to arrange and to check.
 */
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { labUnavailable, Lab, stackcWith, type LabEngine } from './cluster.js';
import { docker } from './engine.js';
import { BUSYBOX, removeScratch, scratch, type Run } from './harness.js';
import { makeCerts, makeForeignCerts, type CertSet } from '../support/tls-certs.js';

const skip = await labUnavailable(['openssl']);
if (skip) console.warn(`e2e tls: SKIPPED: ${skip}`);

const STACK_FILE = `services:
  app:
    image: ${BUSYBOX}
    command: ["sh", "-c", "trap 'exit 0' TERM; sleep 3600 & wait"]
`;

/** stderr is one line, from stackc, with no stack trace. */
function expectOneLine(result: Run): string {
  const lines = result.stderr.trimEnd().split('\n');
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(/^stackc: /);
  expect(result.stderr).not.toMatch(/\bat .*\(.*:\d+:\d+\)|node:internal/);
  return lines[0]!;
}

describe.skipIf(Boolean(skip))('stackc with a TLS-protected engine', () => {
  let lab: Lab | undefined;
  let engine: LabEngine;
  let certs: CertSet;
  let foreign: CertSet;
  // Any port: the namespace is new, nothing else listens in it.
  const port = 20000 + Math.floor(Math.random() * 10000);
  const tcpHost = `tcp://127.0.0.1:${port}`;
  let dir: string;
  const stack = `tls${process.pid}`;

  /** stackc inside the engine's namespace with exactly `env` (no inherited DOCKER_* variables). */
  const cli = (args: string[], env: NodeJS.ProcessEnv = {}) => stackcWith(args, { cwd: dir, env, netns: engine.netns });
  const viaEnv = (certDir: string): NodeJS.ProcessEnv => ({ DOCKER_HOST: tcpHost, DOCKER_TLS_VERIFY: '1', DOCKER_CERT_PATH: certDir });
  const viaFlags = (c: { ca: string; cert: string; key: string }) => ['--host', tcpHost, '--tlscacert', c.ca, '--tlscert', c.cert, '--tlskey', c.key];
  const deploy = (name: string, env: NodeJS.ProcessEnv, flags: string[] = []) => cli(['deploy', '--wait', '--timeout', '60', '--progress', 'plain', ...flags, '-c', 'compose.yaml', name], env);
  const servicesOf = async (name: string) =>
    (await docker(['service', 'ls', '--format', '{{.Name}} {{.Replicas}}', '--filter', `label=com.docker.stack.namespace=${name}`], engine.dockerHost)).stdout.trim();

  beforeAll(async () => {
    const t0 = Date.now();
    dir = scratch({ 'compose.yaml': STACK_FILE });
    lab = await Lab.create();
    let t = Date.now();
    certs = makeCerts(path.join(lab.dir, 'certs'));
    foreign = makeForeignCerts(path.join(lab.dir, 'foreign'));
    lab.mark('certificates', t);
    t = Date.now();
    engine = await lab.startEngine('tls', {
      bridged: false,
      args: ['-H', tcpHost, '--tlsverify', '--tlscacert', certs.ca, '--tlscert', certs.serverCert, '--tlskey', certs.serverKey],
    });
    lab.mark('dockerd', t);
    t = Date.now();
    const init = await docker(['swarm', 'init', '--advertise-addr', '127.0.0.1', '--default-addr-pool', '10.231.192.0/18'], engine.dockerHost);
    expect(init.code, init.stderr).toBe(0);
    await lab.loadTestImage([engine]);
    lab.mark('swarm init + image', t);
    // The engine really is behind TLS: the docker CLI gets in with the client certificate only.
    const withCert = await lab.execIn(engine.netns, 'docker', ['--tlsverify', '--tlscacert', certs.ca, '--tlscert', certs.cert, '--tlskey', certs.key, '-H', tcpHost, 'version', '--format', '{{.Server.Version}}'], { env: { DOCKER_CONTEXT: '', DOCKER_HOST: '' } });
    expect(withCert.code, withCert.stderr).toBe(0);
    const withoutCert = await lab.execIn(engine.netns, 'docker', ['--tlsverify', '--tlscacert', certs.ca, '-H', tcpHost, 'version'], { env: { DOCKER_CONTEXT: '', DOCKER_HOST: '', DOCKER_CERT_PATH: path.join(lab.dir, 'nowhere') } });
    expect(withoutCert.code).not.toBe(0);
    console.info(`e2e tls: engine up in ${((Date.now() - t0) / 1000).toFixed(1)} s (${lab.timing()}), ${tcpHost} in netns ${engine.netns}`);
  });

  afterAll(async () => {
    if (dir) removeScratch(dir);
    if (!lab) return;
    const t0 = Date.now();
    await lab.destroy(); // the engine (by PID), its namespace, mounts, cgroups, certificates
    console.info(`e2e tls: engine removed in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  });

  it('deploys through DOCKER_HOST=tcp://127.0.0.1:PORT + DOCKER_TLS_VERIFY=1 + DOCKER_CERT_PATH', async () => {
    const result = await deploy(`${stack}e`, viaEnv(certs.dir));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(result.stdout).toMatch(/Converged \(1\/1\)/);
    expect(await servicesOf(`${stack}e`)).toBe(`${stack}e_app 1/1`);
    const services = await cli(['services', `${stack}e`, '--format', 'json'], viaEnv(certs.dir));
    expect(JSON.parse(services.stdout)).toMatchObject([{ name: `${stack}e_app`, replicas: '1/1' }]);
  });

  it('deploys through --host with --tlscacert/--tlscert/--tlskey, and the other stack commands take them too', async () => {
    const result = await deploy(`${stack}f`, {}, viaFlags(certs));
    expect(result.code, result.stdout + result.stderr).toBe(0);
    expect(await servicesOf(`${stack}f`)).toBe(`${stack}f_app 1/1`);
    const tasks = await cli(['ps', `${stack}f`, '--format', 'json', ...viaFlags(certs)]);
    expect(tasks.code, tasks.stderr).toBe(0);
    expect(JSON.parse(tasks.stdout)).toMatchObject([{ name: `${stack}f_app.1`, current: 'running' }]);
    // --tlsverify with the certificates from DOCKER_CERT_PATH, as the docker CLI does.
    const ls = await cli(['ls', '--format', 'json', '--host', tcpHost, '--tlsverify'], { DOCKER_CERT_PATH: certs.dir });
    expect(ls.code, ls.stderr).toBe(0);
    expect(JSON.parse(ls.stdout)).toEqual(expect.arrayContaining([{ name: `${stack}e`, services: 1 }, { name: `${stack}f`, services: 1 }]));
    const rm = await cli(['rm', `${stack}f`, '--progress', 'quiet', ...viaFlags(certs)]);
    expect(rm.code, rm.stderr).toBe(0);
    expect(await servicesOf(`${stack}f`)).toBe('');
  });

  it('with the wrong CA it fails with one clear line, exit 1, and changes nothing', async () => {
    // DOCKER_CERT_PATH of another CA: the engine's certificate does not verify.
    const byEnv = await deploy(`${stack}w`, viaEnv(foreign.dir));
    expect(byEnv.code).toBe(1);
    const line = expectOneLine(byEnv);
    expect(line).toContain(tcpHost);
    expect(line).toMatch(/TLS|certificate/i);
    expect(line).toMatch(/DOCKER_CERT_PATH|--tlscacert/);
    // The same through --tlscacert (with the right client certificate).
    const byFlag = await deploy(`${stack}w`, {}, viaFlags({ ...certs, ca: foreign.ca }));
    expect(byFlag.code).toBe(1);
    expect(expectOneLine(byFlag)).toMatch(/TLS|certificate/i);
    expect(await servicesOf(`${stack}w`)).toBe('');
  });

  it('with a client certificate the engine does not trust it fails with one clear line, exit 1', async () => {
    const result = await deploy(`${stack}c`, {}, viaFlags({ ...certs, cert: foreign.cert, key: foreign.key }));
    expect(result.code).toBe(1);
    const line = expectOneLine(result);
    expect(line).toContain(tcpHost);
    expect(line).toMatch(/certificate/i);
    expect(await servicesOf(`${stack}c`)).toBe('');
  });

  it('without TLS settings, or with unreadable certificate files, it says so in one line, exit 1', async () => {
    const plain = await deploy(`${stack}p`, { DOCKER_HOST: tcpHost });
    expect(plain.code).toBe(1);
    expect(expectOneLine(plain)).toMatch(/HTTPS|TLS/);
    const missing = path.join(lab!.dir, 'no-such-dir');
    const unreadable = await deploy(`${stack}p`, viaEnv(missing));
    expect(unreadable.code).toBe(1);
    expect(expectOneLine(unreadable)).toContain(path.join(missing, 'ca.pem'));
    expect(await servicesOf(`${stack}p`)).toBe('');
  });
});
