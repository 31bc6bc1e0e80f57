/** Builders for hand-made Project values: every list/record field empty unless overridden. */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { compile } from '../../../src/cli/compile.js';
import type { Network, Project, Service, Volume } from '../../../src/normalize/model.js';
import { lowerEngine, type EngineLowerOptions } from '../../../src/targets/engine/index.js';
import type { DesiredContainer, DesiredService } from '../../../src/targets/engine/desired.js';

export const PROJECT_DIR = '/srv/app';

export function service(name: string, overrides: Partial<Service> = {}): Service {
  return {
    name,
    annotations: {},
    cap_add: [],
    cap_drop: [],
    command: null,
    configs: [],
    depends_on: {},
    device_cgroup_rules: [],
    devices: [],
    dns: [],
    dns_opt: [],
    dns_search: [],
    entrypoint: null,
    env_file: [],
    environment: {},
    expose: [],
    external_links: [],
    extra_hosts: {},
    group_add: [],
    image: 'busybox',
    label_file: [],
    labels: {},
    links: [],
    models: {},
    networks: overrides.network_mode === undefined ? { default: null } : {},
    ports: [],
    post_start: [],
    pre_stop: [],
    profiles: [],
    secrets: [],
    security_opt: [],
    storage_opt: {},
    sysctls: {},
    tmpfs: [],
    ulimits: {},
    volumes: [],
    volumes_from: [],
    extensions: {},
    ...overrides,
  };
}

export function network(name: string, overrides: Partial<Network> = {}): Network {
  return { name, driver_opts: {}, ipam: { config: [], options: {} }, external: false, labels: {}, extensions: {}, ...overrides };
}

export function volume(name: string, overrides: Partial<Volume> = {}): Volume {
  return { name, driver_opts: {}, external: false, labels: {}, extensions: {}, ...overrides };
}

export function project(services: readonly Service[], overrides: Partial<Project> = {}): Project {
  return {
    name: 'app',
    project_directory: PROJECT_DIR,
    config_files: [`${PROJECT_DIR}/compose.yaml`],
    services: Object.fromEntries(services.map((s) => [s.name, s])),
    networks: { default: network('app_default') },
    volumes: {},
    secrets: {},
    configs: {},
    models: {},
    extensions: {},
    ...overrides,
  };
}

export const OPTIONS: EngineLowerOptions = { workingDir: PROJECT_DIR, configFiles: [`${PROJECT_DIR}/compose.yaml`] };

export function lower(p: Project, options: Partial<EngineLowerOptions> = {}) {
  return lowerEngine(p, { ...OPTIONS, ...options });
}

/** Lowers a one-service project and returns that service and its first container. */
export function lowerOne(s: Service, overrides: Partial<Project> = {}): { service: DesiredService; container: DesiredContainer; codes: string[] } {
  const { desired, diagnostics } = lower(project([s], overrides));
  const lowered = desired.services.find((d) => d.name === s.name)!;
  return { service: lowered, container: lowered.containers[0]!, codes: diagnostics.map((d) => d.code) };
}

const roots: string[] = [];

/** Writes the files into a fresh directory and compiles the project there. */
export function compileFiles(files: Record<string, string>, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(tmpdir(), 'stackc-engine-'));
  roots.push(dir);
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    writeFileSync(path.join(dir, name), text);
  }
  return { dir, compiled: compile({ cwd: dir, env }) };
}

export function cleanupTempDirs(): void {
  for (const dir of roots.splice(0)) rmSync(dir, { recursive: true, force: true });
}
