/**
 * `stackc deploy/rm/services/tasks/ls` on a real single-node swarm: convergence, secrets readable
 * in tasks and rotated on change, unchanged redeploys without writes, manual scale kept, prune,
 * rm followed at once by a redeploy, docker's own stack commands seeing stackc's stacks, and a
 * stack name taken as written (mixed case) or refused before anything is sent.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { suiteEngine } from './engine.js';
import { BUSYBOX, removeScratch, scratch, stackc } from './harness.js';
import { stackLifecycle } from './stack-lifecycle.js';

const { skip, dockerHost, docker } = await suiteEngine();
if (skip) console.warn(`e2e deploy: skipped: ${skip}`);

/** `stackc services` as table rows, trailing blanks dropped. */
async function servicesTable(cli: (args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>, stack: string): Promise<string[]> {
  const listed = await cli(['services', stack]);
  expect(listed.code, listed.stderr).toBe(0);
  return listed.stdout.split('\n').map((line) => line.trimEnd()).filter(Boolean);
}

/** A table's rows as cells by the header's column names, cut where the header's columns start. */
function columns(table: string): Record<string, string>[] {
  const [header = '', ...rows] = table.split('\n').filter((line) => line.trim());
  const starts = [...header.matchAll(/\S+(?: \S+)*/g)].map((m) => ({ name: m[0], at: m.index }));
  return rows.map((row) => Object.fromEntries(starts.map((c, i) => [c.name, row.slice(c.at, starts[i + 1]?.at ?? row.length).trim()])));
}

/** `docker stack services` the same way: the rows stackc's must equal. */
async function dockerServicesTable(stack: string): Promise<string[]> {
  return (await docker(['stack', 'services', stack])).stdout.split('\n').map((line) => line.trimEnd()).filter(Boolean);
}

// Each service traps TERM so updates and removals do not wait out the 10 s stop timeout.
const serve = (cmd: string) => `["sh", "-c", "trap 'exit 0' TERM; ${cmd} & wait"]`;

const STACK_FILE = `services:
  wordpress:
    image: ${BUSYBOX}
    command: ${serve('httpd -f -p 80')}
    networks: [blog_net]
    depends_on: [mysql]
    secrets:
      - source: db_password
        target: db-pw
    deploy:
      replicas: 2
      endpoint_mode: dnsrr
      restart_policy: {condition: on-failure, delay: 1s, max_attempts: 3}
      update_config: {parallelism: 1, delay: 1s}
  mysql:
    image: ${BUSYBOX}
    command: ${serve('sleep 3600')}
    networks: [blog_net]
    secrets:
      - source: db_password
        target: db-pw
    deploy:
      mode: global
      endpoint_mode: dnsrr
      placement:
        constraints: [node.role == manager]
  worker:
    image: ${BUSYBOX}
    command: ${serve('sleep 3600')}
    deploy:
      endpoint_mode: dnsrr
secrets:
  db_password:
    file: ./password.txt
networks:
  blog_net:
    driver: overlay
`;

describe.skipIf(Boolean(skip))('stackc deploy on a swarm', () => {
  // Mixed case, which docker stack deploy allows: stackc must deploy it under this very name, or
  // docker's own stack commands below would not find it.
  const stack = `E2eBlog${process.pid}`;
  const dir = scratch({ 'compose.yaml': STACK_FILE, 'password.txt': 'first-password\n' });
  const cli = (args: string[], host = dockerHost) => stackc(args, { cwd: dir, dockerHost: host });
  const deploy = (extra: string[] = [], host = dockerHost) => cli(['deploy', '--wait', '--timeout', '120', '--progress', 'plain', '-c', 'compose.yaml', ...extra, stack], host);

  /** The content of the secret file inside a running task of `service`. */
  async function secretIn(service: string): Promise<string> {
    const id = (await docker(['ps', '-q', '--filter', `label=com.docker.swarm.service.name=${stack}_${service}`])).stdout.split('\n')[0]!;
    return (await docker(['exec', id, 'cat', '/run/secrets/db-pw'])).stdout.trim();
  }

  const { proxy: apiProxy } = stackLifecycle(dockerHost, stack, dir);

  it('deploys, converges, and mounts the secret where the file says', async () => {
    const result = await deploy();
    expect(result.stderr).toContain('W0701'); // depends_on is ignored by swarm: said, not silent
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`Service ${stack}_wordpress`);
    expect(await secretIn('wordpress')).toBe('first-password');
    expect(await secretIn('mysql')).toBe('first-password');
    const services = await docker(['stack', 'services', stack, '--format', '{{.Name}} {{.Replicas}}']);
    expect(services.stdout.split('\n').filter(Boolean).sort()).toEqual([`${stack}_mysql 1/1`, `${stack}_wordpress 2/2`, `${stack}_worker 1/1`]);
    expect(await servicesTable(cli, stack)).toEqual(await dockerServicesTable(stack));
    const ls = JSON.parse((await cli(['ls', '--format', 'json'])).stdout) as { name: string; services: number }[];
    expect(ls).toContainEqual({ name: stack, services: 3 });
  });

  it('refuses a stack name swarm cannot name services after, without a request to the engine', async () => {
    const proxy = apiProxy();
    proxy.reset();
    const result = await cli(['deploy', '--detach', '-c', 'compose.yaml', `${stack}.v2`], proxy.dockerHost);
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`error[E0004] invalid-project-name: invalid stack name "${stack}.v2"`);
    expect(proxy.requests()).toEqual([]);
  });

  it('redeploys an unchanged file with zero writes, keeping a manual scale', async () => {
    expect((await docker(['service', 'scale', '--detach', `${stack}_worker=2`])).code).toBe(0);
    const proxy = apiProxy();
    proxy.reset();
    const again = await deploy([], proxy.dockerHost);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no changes');
    expect(proxy.requests().length).toBeGreaterThan(0);
    expect(proxy.writes()).toEqual([]);
    const replicas = (await docker(['service', 'inspect', `${stack}_worker`, '--format', '{{.Spec.Mode.Replicated.Replicas}}'])).stdout.trim();
    expect(replicas).toBe('2');
  });

  /** A deploy of compose.yaml as `edit` makes it, through the counting proxy; the file is put back after. */
  async function deployEdited(edit: (text: string) => string) {
    const file = path.join(dir, 'compose.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, edit(text));
    try {
      const proxy = apiProxy();
      proxy.reset();
      return { result: await deploy([], proxy.dockerHost), proxy };
    } finally {
      writeFileSync(file, text);
    }
  }

  it('warns about a network the file now defines otherwise, which swarm cannot change, and writes nothing', async () => {
    const { result, proxy } = await deployEdited((text) => text.replace('    driver: overlay\n', '    driver: overlay\n    attachable: true\n'));
    expect(result.code, result.stderr).toBe(0);
    expect(result.stderr).toContain(`warning: network ${stack}_blog_net differs from the file (attachable: false → true); a network cannot be changed in place`);
    expect(result.stdout).toContain('no changes');
    expect(proxy.writes()).toEqual([]);
  });

  it("refuses to change a service's mode before writing anything, also the other services' changes", async () => {
    const { result, proxy } = await deployEdited((text) => text.replace('      mode: global\n', '      mode: replicated\n').replace('replicas: 2', 'replicas: 3'));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(`service ${stack}_mysql runs in global mode and the file asks for replicated: swarm cannot change a service's mode`);
    expect(proxy.requests().length).toBeGreaterThan(0);
    expect(proxy.writes()).toEqual([]);
  });

  it('rotates a changed secret into the services that use it and removes the old version', async () => {
    writeFileSync(path.join(dir, 'password.txt'), 'second-password\n');
    const result = await deploy();
    expect(result.code).toBe(0);
    expect(await secretIn('wordpress')).toBe('second-password');
    const secrets = (await docker(['secret', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${stack}`])).stdout.split('\n').filter(Boolean);
    expect(secrets).toHaveLength(1);
    expect(secrets[0]).toMatch(new RegExp(`^${stack}_db_password_[0-9a-f]{10}$`));
  });

  it('prunes a service dropped from the file', async () => {
    const file = path.join(dir, 'compose.yaml');
    const text = readFileSync(file, 'utf8');
    writeFileSync(file, text.slice(0, text.indexOf('  worker:')) + text.slice(text.indexOf('secrets:\n  db_password')));
    expect((await deploy(['--prune'])).code).toBe(0);
    const names = (await docker(['service', 'ls', '--format', '{{.Name}}', '--filter', `label=com.docker.stack.namespace=${stack}`])).stdout.split('\n').filter(Boolean).sort();
    expect(names).toEqual([`${stack}_mysql`, `${stack}_wordpress`]);
  });

  it('removes the stack completely, so an immediate redeploy works', async () => {
    const rm = await cli(['rm', stack, '--progress', 'plain']);
    expect(rm.code, rm.stderr).toBe(0);
    // `container ls` lists running containers: stopped ones are the engine's to remove, seconds later (rm does not wait for that).
    for (const kind of ['service', 'container', 'network', 'secret']) {
      const left = await docker([kind, 'ls', '-q', '--filter', `label=com.docker.stack.namespace=${stack}`]);
      expect(left.stdout.trim(), `${kind}s left`).toBe('');
    }
    const redeploy = await deploy();
    expect(redeploy.stderr).not.toContain('stackc:');
    expect(redeploy.code, redeploy.stderr).toBe(0);
  });

  it('follows jobs until they complete, and lists them as docker stack services does', async () => {
    const jobs = scratch({
      'compose.yaml': [
        'services:',
        '  batch:',
        `    image: ${BUSYBOX}`,
        '    command: ["sh", "-c", "sleep 1"]',
        '    deploy: {mode: replicated-job, replicas: 2}',
        '  sweep:',
        `    image: ${BUSYBOX}`,
        '    command: ["true"]',
        '    deploy: {mode: global-job}',
        '  capped:',
        `    image: ${BUSYBOX}`,
        `    command: ${serve('sleep 3600')}`,
        '    deploy: {replicas: 2, placement: {max_replicas_per_node: 2}}',
        '',
      ].join('\n'),
    });
    const name = `${stack}jobs`;
    const run = (args: string[]) => stackc(args, { cwd: jobs, dockerHost });
    try {
      const deployed = await run(['deploy', '--wait', '--timeout', '120', '--progress', 'plain', '-c', 'compose.yaml', name]);
      expect(deployed.code, deployed.stdout + deployed.stderr).toBe(0);
      const rows = await servicesTable(run, name);
      expect(rows).toEqual(await dockerServicesTable(name));
      expect(rows.slice(1).map((r) => r.split(/ {3,}/).slice(1, 4).join(' | '))).toEqual([
        `${name}_batch | replicated job | 0/2 (2/2 completed)`,
        `${name}_capped | replicated | 2/2 (max 2 per node)`,
        `${name}_sweep | global job | 0/0 (1/1 completed)`,
      ]);
      // The tasks as docker stack ps lists them; how long ago differs between the two runs, and docker cuts errors.
      const sameMoment = (table: string) => columns(table).map((r) => [r['ID'], r['NAME'], r['IMAGE'], r['NODE'], r['DESIRED STATE'], r['CURRENT STATE']!.split(' ')[0]]);
      // -q: the IDs alone, in the tables' order.
      for (const command of ['services', 'ps']) {
        const quiet = await run([command, '-q', name]);
        expect(quiet.stdout).not.toBe('');
        expect(quiet.stdout).toBe((await docker(['stack', command, '-q', name])).stdout);
      }
      const ps = await run(['ps', name]);
      expect(ps.code, ps.stderr).toBe(0);
      const tasks = sameMoment(ps.stdout);
      expect(tasks).toEqual(sameMoment((await docker(['stack', 'ps', name])).stdout));
      // A job's task in slot 0 is named after its node, as a global service's are.
      expect(tasks.map(([, task, , , desired, current]) => `${task!.replace(/\.[0-9a-z]{25}$/, '.NODE')} ${desired} ${current}`).sort()).toEqual([
        `${name}_batch.1 Complete Complete`,
        `${name}_batch.NODE Complete Complete`,
        `${name}_capped.1 Running Running`,
        `${name}_capped.2 Running Running`,
        `${name}_sweep.NODE Complete Complete`,
      ]);
      // The swarm removes a service's stopped containers seconds later, and before engine 24
      // never a job's (moby/moby#42789): rm removes them (the swarm may get to some first).
      const removed = await run(['rm', name, '--progress', 'plain']);
      expect(removed.code, removed.stderr).toBe(0);
      expect(removed.stderr).toBe('');
      const count = Number(/^Containers +Removed \((\d) on this node\)$/m.exec(removed.stdout)?.[1] ?? 0);
      expect(count).toBeGreaterThanOrEqual(3);
      expect(count).toBeLessThanOrEqual(5);
      const left = async () => (await docker(['ps', '-aq', '--filter', `label=com.docker.stack.namespace=${name}`])).stdout.trim();
      for (const deadline = Date.now() + 30_000; (await left()) !== '' && Date.now() < deadline; ) await new Promise((resolve) => setTimeout(resolve, 500));
      expect(await left()).toBe('');
      // A stack with nothing in it (a removed one's finished tasks may linger a while) as docker
      // reports it: services notes it and succeeds, ps fails.
      const outcome = (r: { code: number; stdout: string; stderr: string }) => [r.code, r.stdout, r.stderr.replace(/^stackc: /, '').toLowerCase()];
      for (const command of ['services', 'ps']) {
        expect(outcome(await run([command, `${name}-none`]))).toEqual(outcome(await docker(['stack', command, `${name}-none`])));
      }
    } finally {
      await run(['rm', name, '--progress', 'quiet']);
      removeScratch(jobs);
    }
  });

  it('takes over a stack docker stack deploy made: no write while it is what the file says, then an update', async () => {
    const file = (env: string) => `services:\n  app:\n    image: ${BUSYBOX}\n    command: ${serve('sleep 3600')}\n    environment: {MODE: ${env}}\n    deploy: {endpoint_mode: dnsrr}\n`;
    const adopted = scratch({ 'compose.yaml': file('one') });
    const name = `${stack}adopt`;
    const proxy = apiProxy();
    const tasksOf = async () => (await docker(['service', 'ps', '-q', `${name}_app`])).stdout.split('\n').filter(Boolean).sort();
    try {
      const made = await docker(['stack', 'deploy', '--resolve-image', 'never', '--detach=true', '-c', path.join(adopted, 'compose.yaml'), name]);
      expect(made.code, made.stderr).toBe(0);
      const before = await tasksOf();
      expect(before).toHaveLength(1);
      proxy.reset();
      const same = await stackc(['deploy', '--detach', '--progress', 'plain', '-c', 'compose.yaml', name], { cwd: adopted, dockerHost: proxy.dockerHost });
      expect(same.code, same.stderr).toBe(0);
      expect(same.stdout).toContain('no changes');
      expect(proxy.writes()).toEqual([]);
      expect(await tasksOf()).toEqual(before);
      writeFileSync(path.join(adopted, 'compose.yaml'), file('two'));
      const diff = await stackc(['diff', '-c', 'compose.yaml', name], { cwd: adopted, dockerHost });
      expect(diff.stdout).toMatch(new RegExp(`~ service ${name}_app +\\(differs from the file; deployed without stackc`));
      expect(diff.stdout).toMatch(/-\s+"MODE=one"[^]*\+\s+"MODE=two"/);
      const changed = await stackc(['deploy', '--detach', '--progress', 'plain', '-c', 'compose.yaml', name], { cwd: adopted, dockerHost });
      expect(changed.code, changed.stderr).toBe(0);
      expect(changed.stdout).toContain(`Service ${name}_app`);
      const env = (await docker(['service', 'inspect', `${name}_app`, '--format', '{{json .Spec.TaskTemplate.ContainerSpec.Env}}'])).stdout.trim();
      expect(env).toBe('["MODE=two"]');
    } finally {
      await stackc(['rm', name, '--progress', 'quiet'], { cwd: adopted, dockerHost });
      removeScratch(adopted);
    }
  });

  it('reports a task that cannot start, with its error, and exits non-zero', async () => {
    const bad = scratch({ 'compose.yaml': `services:\n  broken:\n    image: ${BUSYBOX}\n    command: ["sh", "-c", "exit 3"]\n    deploy:\n      restart_policy: {condition: none}\n` });
    try {
      const result = await stackc(['deploy', '--wait', '--timeout', '60', '--progress', 'quiet', '-c', 'compose.yaml', `${stack}bad`], { cwd: bad, dockerHost });
      expect(result.code, result.stdout + result.stderr).toBe(1);
      expect(result.stderr).toMatch(/broken.*(failed|exit)/);
    } finally {
      await stackc(['rm', `${stack}bad`, '--progress', 'quiet'], { cwd: bad, dockerHost });
      removeScratch(bad);
    }
  });

  it('shares a secret two stacks name alike (name:), and removes it with the last of them', async () => {
    const shared = `e2e-shared-${process.pid}`;
    const file = `services:\n  app:\n    image: ${BUSYBOX}\n    command: ${serve('sleep 3600')}\n    secrets: [token]\nsecrets:\n  token:\n    name: ${shared}\n    file: ./token.txt\n`;
    const twin = scratch({ 'compose.yaml': file, 'token.txt': 'same-token\n' });
    const [first, second] = [`${stack}one`, `${stack}two`];
    const run = (args: string[]) => stackc([...args, '--progress', 'plain'], { cwd: twin, dockerHost });
    const secrets = async () => (await docker(['secret', 'ls', '--format', '{{.Name}}'])).stdout.split('\n').filter((n) => n.startsWith(`${shared}_`));
    try {
      for (const name of [first, second]) {
        const deployed = await run(['deploy', '--detach', '-c', 'compose.yaml', name]);
        expect(deployed.code, deployed.stderr).toBe(0);
      }
      expect(await secrets()).toHaveLength(1);
      // The first stack made it; the second one's service still uses it.
      const rmFirst = await run(['rm', first]);
      expect(rmFirst.code, rmFirst.stderr).toBe(0);
      expect(rmFirst.stdout).toMatch(new RegExp(`Secret ${shared}_[0-9a-f]{10} +Kept \\(in use by ${second}_app\\)`));
      expect(await secrets()).toHaveLength(1);
      const rmSecond = await run(['rm', second]);
      expect(rmSecond.code, rmSecond.stderr).toBe(0);
      expect(await secrets()).toEqual([]);
    } finally {
      await run(['rm', first, second]);
      removeScratch(twin);
    }
  });
});
