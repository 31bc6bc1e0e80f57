/**
 * An in-memory engine that records every call, for unit tests of plan/apply logic. It keeps just
 * enough state (containers with labels and state, networks, volumes, images) for observe to read
 * back what apply wrote. The e2e tests cover the real dockerd.
 */
import { EngineError, type ContainerDetails, type ContainerSummary, type EngineApi, type NetworkSummary } from '../../../src/deploy/engine-api.js';
import { storedNetwork } from '../../support/stored-network.js';

export interface FakeContainer {
  id: string;
  name: string;
  labels: Record<string, string>;
  state: string;
  status: string;
  image: string;
  health?: string;
}

export interface FakeEngine extends EngineApi {
  readonly calls: string[];
  readonly containers: FakeContainer[];
  writes(): string[];
  images: Set<string>;
  /** Called as a container starts: throw to make the start fail, or set its health. */
  onStart?: (container: FakeContainer) => void;
}

export function fakeEngine(images: readonly string[] = []): FakeEngine {
  const calls: string[] = [];
  const containers: FakeContainer[] = [];
  const networks: Pick<NetworkSummary, 'id' | 'name' | 'driver' | 'labels' | 'settings'>[] = [];
  const volumes: { name: string; driver: string; labels: Record<string, string>; options: Record<string, string> }[] = [];
  let next = 0;
  const record = (call: string) => calls.push(call);
  const find = (id: string) => {
    const c = containers.find((x) => x.id === id);
    if (!c) throw new Error(`no container ${id}`);
    return c;
  };
  // Names are unique, as on the engine: a plan that reuses one too early fails here too.
  const claim = (name: string) => {
    if (containers.some((c) => c.name === name)) throw new EngineError(`Conflict. The container name "/${name}" is already in use`, 409);
  };
  const matches = (labels: Record<string, string>, filter: readonly string[] | undefined) =>
    (filter ?? []).every((f) => {
      const [k, v] = f.split('=');
      return labels[k!] === v;
    });
  const summary = (c: FakeContainer): ContainerSummary => ({ id: c.id, name: c.name, labels: c.labels, state: c.state, status: c.status, image: c.image, imageId: `sha256:${c.image}`, ports: [] });
  const engine: FakeEngine = {
    endpoint: 'fake://',
    calls,
    containers,
    images: new Set(images),
    writes: () => calls.filter((c) => !c.startsWith('GET ')),
    ping: async () => void record('GET ping'),
    listContainers: async ({ labels, all }) => {
      record('GET containers');
      return containers.filter((c) => matches(c.labels, labels) && (all || c.state === 'running')).map(summary);
    },
    inspectContainer: async (id): Promise<ContainerDetails> => {
      record(`GET container ${id}`);
      const c = find(id);
      return { id, name: c.name, labels: c.labels, networks: {}, config: {}, hostConfig: {}, state: { status: c.state, running: c.state === 'running', exitCode: 0, ...(c.health ? { health: c.health } : {}) } };
    },
    listNetworks: async ({ labels, names }) => {
      record('GET networks');
      return networks.filter((n) => matches(n.labels, labels) && (!names || names.includes(n.name))).map((n) => ({ ...n, containers: 0 }));
    },
    listVolumes: async ({ labels, names }) => {
      record('GET volumes');
      return volumes.filter((v) => matches(v.labels, labels) && (!names || names.includes(v.name))).map((v) => ({ ...v }));
    },
    imageId: async (ref) => {
      record(`GET image ${ref}`);
      return engine.images.has(ref) ? `sha256:${ref}` : undefined;
    },
    anyImage: async () => [...engine.images][0],
    imageConfig: async (ref) => (engine.images.has(ref) ? {} : undefined),
    // The fake's images were all made here: none came from a registry.
    repoDigests: async (ref) => (engine.images.has(ref) ? [] : undefined),
    logs: async () => undefined,
    createNetwork: async (body) => {
      record(`create network ${body.Name}`);
      networks.push({ id: `net${++next}`, name: body.Name, ...storedNetwork(body, 'local') });
      return `net${next}`;
    },
    removeNetwork: async (id) => void record(`remove network ${id}`),
    connectNetwork: async (network, container) => void record(`connect ${container} ${network}`),
    createVolume: async (body) => {
      record(`create volume ${body.Name}`);
      volumes.push({ name: body.Name, driver: body.Driver, labels: { ...body.Labels }, options: { ...body.DriverOpts } });
    },
    removeVolume: async (name) => void record(`remove volume ${name}`),
    createContainer: async (name, body) => {
      record(`create container ${name}`);
      claim(name);
      const c = { id: `c${++next}`, name, labels: { ...body.Labels }, state: 'created', status: 'Created', image: body.Image, ...(body.Healthcheck ? { health: 'healthy' } : {}) };
      containers.push(c);
      return c.id;
    },
    startContainer: async (id) => {
      const c = find(id);
      record(`start container ${c.name}`);
      engine.onStart?.(c);
      c.state = 'running';
      c.status = 'Up';
    },
    stopContainer: async (id) => {
      const c = find(id);
      record(`stop container ${c.name}`);
      c.state = 'exited';
      c.status = 'Exited (137)';
    },
    removeContainer: async (id) => {
      const c = find(id);
      record(`remove container ${c.name}`);
      containers.splice(containers.indexOf(c), 1);
    },
    renameContainer: async (id, name) => {
      const c = find(id);
      record(`rename container ${c.name} ${name}`);
      claim(name);
      c.name = name;
    },
    pullImage: async (ref) => {
      record(`pull ${ref}`);
      engine.images.add(ref);
    },
    buildImage: async (request) => {
      record(`build ${request.tags[0]}`);
      for (const tag of request.tags) engine.images.add(tag);
    },
    removeImage: async (ref) => void record(`remove image ${ref}`),
    exec: async () => 0,
  };
  return engine;
}
