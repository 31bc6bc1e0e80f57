import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { SERVICE_KEYS } from '../../../src/normalize/service.js';
import type { JsonObject, JsonValue } from '../../../src/parse/json.js';
import { run } from './helpers.js';

const RICH = `
name: rich
x-defaults: &defaults {restart: unless-stopped}
services:
  web:
    <<: *defaults
    build:
      context: /proj/web
      args: {A: 1, B: null}
      secrets: [pw]
    image: registry.local:5000/team/web:1.0
    command: ["gunicorn", "-b", "0.0.0.0:8000"]
    entrypoint: /entry.sh --flag "two words"
    environment: [A=1, B]
    env_file: [{path: /proj/web.env, required: false}]
    ports: ["8000:80", "127.0.0.1::81", "[::1]:8443:443/tcp", "9000-9001:9000-9001/udp", {target: 22, published: 2222, mode: host}]
    expose: [3000, "3001-3002"]
    volumes: ["data:/data", "/proj/conf:/conf:ro,z", {type: tmpfs, target: /tmp, tmpfs: {size: 10m}}]
    networks: {front: {aliases: [www], ipv4_address: 172.20.0.10}, back: null}
    depends_on: {db: {condition: service_healthy, restart: true}}
    links: ["db:database"]
    healthcheck: {test: "curl -f localhost", interval: 30s, timeout: 5s, retries: 3, start_period: 1m}
    deploy:
      replicas: 2
      resources: {limits: {cpus: "0.5", memory: 256M}, reservations: {cpus: 0.1, memory: 64m}}
      restart_policy: {condition: on-failure, delay: 5s, max_attempts: 3}
      update_config: {parallelism: 1, delay: 10s}
      placement: {constraints: ["node.role == worker"]}
    secrets: [pw]
    configs: [{source: conf, target: /etc/app.conf, mode: 0440}]
    ulimits: {nofile: {soft: 1024, hard: 2048}, nproc: 512}
    logging: {driver: json-file, options: {max-size: 10m}}
    extra_hosts: ["host.docker.internal:host-gateway", "v6=::1"]
    sysctls: [net.core.somaxconn=1024]
    labels: {com.example: web}
    cap_add: [NET_ADMIN]
    tmpfs: /run
    dns: [8.8.8.8]
    shm_size: 128m
    stop_grace_period: 20s
    x-owner: team-a
  db:
    image: mysql:8
    volumes: [db:/var/lib/mysql]
    networks: [back]
    healthcheck: {disable: true}
    stop_signal: SIGTERM
  sidecar:
    image: busybox
    network_mode: "service:web"
    volumes_from: ["web:ro"]
networks:
  front: {ipam: {config: [{subnet: 172.20.0.0/16}]}}
  back: {internal: true}
volumes:
  data: {}
  db: {driver: local}
secrets:
  pw: {file: /proj/password.txt}
configs:
  conf: {content: "hello"}
x-top: 1
`;

/** A small deterministic PRNG so failures reproduce. */
function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const ODD: readonly JsonValue[] = [
  null, true, false, 0, -1, 1.5, 1e21, '', ' ', ':', '::', '=', 'true', '512', '1m', '-', '[', '"', "'", '\\',
  'a:b:c:d:e', '/x', 'service:', 'container:', '0.0.0.0:80:80', '[::1]', 'node.role = x', '__proto__', 'constructor',
  [], [null], [1, 'a', {}], [[]], {}, { a: null }, { '': '' }, { target: 'x' }, { source: 1 }, { __proto__: 1 } as JsonObject,
];

function oddValue(next: () => number, depth = 0): JsonValue {
  const pick = ODD[Math.floor(next() * ODD.length)] ?? null;
  if (depth < 2 && next() < 0.3) return Array.from({ length: 3 }, () => oddValue(next, depth + 1));
  if (depth < 2 && next() < 0.2) return { k: oddValue(next, depth + 1), target: oddValue(next, depth + 1), source: oddValue(next, depth + 1) };
  return pick;
}

describe('normalize never throws', () => {
  it('on a rich, valid document, and gives no errors', () => {
    const doc = parse(RICH, { merge: true }) as JsonObject;
    const { project, diagnostics } = run(doc, { fs: { files: ['/proj/password.txt'] } });
    expect(diagnostics).toEqual([]);
    expect(Object.keys(project.services)).toEqual(['db', 'sidecar', 'web']);
    expect(project.services.web?.ports).toHaveLength(6);
    expect(project.services.web?.extensions).toEqual({ 'x-owner': 'team-a' });
    expect(project.extensions).toEqual({ 'x-defaults': { restart: 'unless-stopped' }, 'x-top': 1 });
    expect(() => JSON.stringify(project)).not.toThrow();
  });

  it('on odd values in every service key', () => {
    const next = rng(42);
    for (let round = 0; round < 60; round++) {
      const svc: JsonObject = {};
      for (const key of SERVICE_KEYS) svc[key] = oddValue(next);
      const doc: JsonObject = {
        services: { a: svc, b: { image: 'x', depends_on: ['a', 'b'], networks: oddValue(next) } },
        networks: { n: oddValue(next) as JsonObject, m: { ipam: { config: [oddValue(next)] } } as JsonObject },
        volumes: { v: oddValue(next) },
        secrets: { s: oddValue(next) },
        configs: { c: oddValue(next) },
        models: oddValue(next),
      };
      expect(() => run(doc)).not.toThrow();
    }
  });

  it('on odd top-level shapes', () => {
    const next = rng(7);
    for (let round = 0; round < 40; round++) {
      const doc: JsonObject = {};
      for (const key of ['services', 'networks', 'volumes', 'secrets', 'configs', 'models', 'x-a']) doc[key] = oddValue(next);
      expect(() => run(doc)).not.toThrow();
    }
    expect(() => run({})).not.toThrow();
  });

  it('on names that collide with Object.prototype', () => {
    const names = ['constructor', 'toString', '__proto__', 'hasOwnProperty'];
    // fromEntries makes `__proto__` an own key, as a YAML or JSON parser does.
    const services: JsonObject = Object.fromEntries(
      names.map((n) => [n, { image: 'x', depends_on: names, networks: { constructor: { ipv4_address: '10.0.0.1' }, toString: null }, volumes: ['constructor:/x'] }]),
    );
    const doc: JsonObject = { services, networks: {}, volumes: {} };
    expect(() => run(doc)).not.toThrow();
    const codesSeen = new Set(run(doc).diagnostics.map((d) => d.code));
    expect(codesSeen).toContain('E0602');
    expect(codesSeen).toContain('E0603');
  });

  it('reports every problem with a code and a path', () => {
    const next = rng(3);
    const svc: JsonObject = {};
    for (const key of SERVICE_KEYS) svc[key] = oddValue(next);
    const { diagnostics } = run({ services: { a: svc } });
    expect(diagnostics.length).toBeGreaterThan(0);
    for (const d of diagnostics) {
      expect(d.code).toMatch(/^[EW]\d{4}$/);
      expect(d.path).toBeDefined();
    }
  });
});
