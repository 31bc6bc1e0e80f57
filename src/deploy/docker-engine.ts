/**
 * EngineApi over the Engine HTTP API (docker-client.ts). Loaded lazily so commands that need no
 * engine start without it. Every engine failure becomes an EngineError carrying the engine's own
 * message, which is what a user can act on.
 */
import type { Readable } from 'node:stream';
import { labelFilters, segment, type DockerClient } from './docker-client.js';
import { EngineError, type BuildRequest, type ContainerSummary, type EngineApi, type ExecRequest, type ExecStreams, type Progress } from './engine-api.js';
import { demux, followProgress, lineSplitter, type OutputKind } from './engine-streams.js';
import { networkSummary } from './network-summary.js';

type Json = Record<string, any>;

export function dockerEngine(client: DockerClient): EngineApi {
  const { json, jsonOrAbsent, remove, call, endpoint } = client;
  const container = (id: string) => `/containers/${segment(id)}`;
  const image = (ref: string) => `/images/${segment(ref)}`;
  const inspectImage = (ref: string) => jsonOrAbsent<Json>(`inspect image ${ref}`, { method: 'GET', path: `${image(ref)}/json` });
  return {
    endpoint,
    ping: () => json('connect to the engine', { method: 'GET', path: '/_ping' }),
    listContainers: async ({ labels, all }) =>
      (await json<Json[]>('list containers', { method: 'GET', path: '/containers/json', query: { all, filters: labelFilters(labels) } })).map(toSummary),
    inspectContainer: async (id) => {
      const info = await json<Json>(`inspect container ${id}`, { method: 'GET', path: `${container(id)}/json` });
      const nets = (info.NetworkSettings?.Networks ?? {}) as Record<string, { IPAddress: string; Aliases: string[] | null }>;
      const health = info.State.Health?.Status as string | undefined;
      return {
        id: String(info.Id),
        name: String(info.Name).replace(/^\//, ''),
        state: {
          status: String(info.State.Status),
          running: Boolean(info.State.Running),
          exitCode: Number(info.State.ExitCode ?? 0),
          ...(health ? { health } : {}),
          ...(info.State.Error ? { error: String(info.State.Error) } : {}),
        },
        labels: (info.Config.Labels ?? {}) as Record<string, string>,
        networks: Object.fromEntries(Object.entries(nets).map(([name, n]) => [name, { ipAddress: n.IPAddress, aliases: n.Aliases ?? [] }])),
        config: info.Config,
        hostConfig: (info.HostConfig ?? {}) as Json,
      };
    },
    listNetworks: async ({ labels, names }) =>
      (await json<Json[]>('list networks', { method: 'GET', path: '/networks', query: { filters: labelFilters(labels, names) } }))
        // The engine's name filter matches substrings; keep exact matches only.
        .filter((n) => !names?.length || names.includes(n.Name))
        .map(networkSummary),
    listVolumes: async ({ labels, names }) =>
      ((await json<Json>('list volumes', { method: 'GET', path: '/volumes', query: { filters: labelFilters(labels, names) } })).Volumes ?? [])
        .filter((v: Json) => !names?.length || names.includes(v.Name))
        .map((v: Json) => ({ name: v.Name, driver: v.Driver, labels: (v.Labels ?? {}) as Record<string, string>, options: (v.Options ?? {}) as Record<string, string> })),
    imageId: async (ref) => (await inspectImage(ref))?.Id,
    repoDigests: async (ref) => {
      const info = await inspectImage(ref);
      return info && ((info.RepoDigests ?? []) as string[]);
    },
    imageConfig: async (ref) => {
      const info = await inspectImage(ref);
      return info && ((info.Config ?? {}) as Json);
    },
    anyImage: async () => (await json<Json[]>('list images', { method: 'GET', path: '/images/json' }))[0]?.Id,
    logs: (id, options, onLine) => call(`read logs of ${id}`, () => streamLogs(client, id, options, onLine)),
    createNetwork: async (body) => String((await json<Json>(`create network ${body.Name}`, { method: 'POST', path: '/networks/create', body })).Id),
    removeNetwork: (id) => remove(`remove network ${id}`, { method: 'DELETE', path: `/networks/${segment(id)}` }),
    connectNetwork: (network, id, endpointConfig) =>
      json(`connect ${id} to ${network}`, { method: 'POST', path: `/networks/${segment(network)}/connect`, body: { Container: id, EndpointConfig: endpointConfig } }),
    createVolume: async (body) => void (await json(`create volume ${body.Name}`, { method: 'POST', path: '/volumes/create', body })),
    removeVolume: (name) => json(`remove volume ${name}`, { method: 'DELETE', path: `/volumes/${segment(name)}` }),
    createContainer: async (name, body) => String((await json<Json>(`create container ${name}`, { method: 'POST', path: '/containers/create', query: { name }, body })).Id),
    // 304 (already started, already stopped) is success: the container is where we want it.
    startContainer: (id) => json(`start container ${id}`, { method: 'POST', path: `${container(id)}/start` }),
    stopContainer: (id, t) => json(`stop container ${id}`, { method: 'POST', path: `${container(id)}/stop`, query: { t } }),
    removeContainer: (id, { volumes, force }) => json(`remove container ${id}`, { method: 'DELETE', path: container(id), query: { v: volumes, force } }),
    renameContainer: (id, name) => json(`rename container ${id} to ${name}`, { method: 'POST', path: `${container(id)}/rename`, query: { name } }),
    pullImage: (ref, progress) =>
      call(`pull ${ref}`, async () => followProgress(await client.open(`pull ${ref}`, { method: 'POST', path: '/images/create', query: pullQuery(ref) }), progress)),
    buildImage: (request, progress) => call(`build ${request.tags[0] ?? request.context}`, () => build(client, request, progress)),
    removeImage: (ref) => json(`remove image ${ref}`, { method: 'DELETE', path: image(ref) }),
    exec: (id, request, io) => call(`exec in ${id}`, () => runExec(client, id, request, io)),
  };
}

async function streamLogs(
  client: DockerClient,
  id: string,
  options: { follow: boolean; tail?: number; signal?: AbortSignal },
  onLine: (line: string, stream: OutputKind) => void,
): Promise<void> {
  const path = `/containers/${segment(id)}`;
  // With a TTY the engine sends the output as is; without one, in stdout/stderr frames.
  const tty = Boolean((await client.json<Json>(`inspect container ${id}`, { method: 'GET', path: `${path}/json` })).Config?.Tty);
  const stream = await client.open(`read logs of ${id}`, {
    method: 'GET',
    path: `${path}/logs`,
    query: { stdout: true, stderr: true, follow: options.follow, tail: options.tail },
  });
  const splitters = { stdout: lineSplitter((line) => onLine(line, 'stdout')), stderr: lineSplitter((line) => onLine(line, 'stderr')) };
  const abort = () => stream.destroy();
  // An interrupt that came while the stream was being opened ends it at once.
  if (options.signal?.aborted) abort();
  options.signal?.addEventListener('abort', abort);
  try {
    if (tty) for await (const chunk of stream) splitters.stdout.push(chunk as Buffer);
    else await demux(stream, (kind, data) => splitters[kind].push(data));
  } catch (error) {
    // Following ends when the caller aborts; the stream then closes early, which is no failure.
    if (!options.signal?.aborted) throw error;
  } finally {
    options.signal?.removeEventListener('abort', abort);
  }
  splitters.stdout.end();
  splitters.stderr.end();
}

/**
 * How exec ends when its reader went away (`stackc exec svc cmd | head`): the command's own
 * status is unknown (it runs on, as under docker exec), so the status a shell shows for docker
 * exec there, which SIGPIPE kills: 128 + 13. Commands that only show output (logs -f, attached
 * up) end with 0 instead: following was their job, it is over, and nothing failed.
 */
const SIGPIPE_EXIT = 141;

async function runExec(client: DockerClient, id: string, request: ExecRequest, io: ExecStreams): Promise<number> {
  const created = await client.json<Json>(`exec in ${id}`, {
    method: 'POST',
    path: `/containers/${segment(id)}/exec`,
    body: {
      Cmd: [...request.cmd],
      AttachStdin: request.interactive,
      AttachStdout: true,
      AttachStderr: true,
      Tty: request.tty,
      ...(request.user ? { User: request.user } : {}),
      ...(request.workdir ? { WorkingDir: request.workdir } : {}),
      ...(request.env ? { Env: [...request.env] } : {}),
    },
  });
  const execPath = `/exec/${segment(String(created.Id))}`;
  const stream = await client.upgrade(`exec in ${id}`, { method: 'POST', path: `${execPath}/start`, body: { Detach: false, Tty: request.tty } });
  // At the end of input, pipe ends our writing half only, so the command sees EOF and its output
  // still arrives (`exec -T svc sh < script`); pipe also keeps a big input from piling up here.
  const stdin = request.interactive ? io.stdin : undefined;
  stdin?.pipe(stream);
  // A TTY gets the terminal's size, now and when it changes, or full-screen programs draw for 80x24.
  const terminal = io.stdout as Partial<NodeJS.WriteStream>;
  const resize = () => {
    if (!terminal.rows || !terminal.columns) return;
    client.json(`resize exec in ${id}`, { method: 'POST', path: `${execPath}/resize`, query: { h: terminal.rows, w: terminal.columns } }).catch(() => {
      // The command may already have ended; its size no longer matters.
    });
  };
  const followSize = request.tty && terminal.isTTY === true;
  if (followSize) {
    resize();
    terminal.on?.('resize', resize);
  }
  // Our reader went away (`stackc exec svc yes | head`): stop relaying and end as docker exec
  // ends then, with 141 (a shell's code for SIGPIPE). The command itself runs on, as under docker.
  let readerClosed = false;
  const readerGone = () => {
    readerClosed = true;
    stream.destroy();
  };
  io.stdout.once('error', readerGone);
  try {
    if (request.tty) for await (const chunk of stream) io.stdout.write(chunk as Buffer);
    else await demux(stream, (kind, data) => (kind === 'stdout' ? io.stdout : io.stderr).write(data));
  } catch {
    // The engine closes the connection when the command ends; a reset then is not a failure.
  } finally {
    io.stdout.removeListener('error', readerGone);
    if (followSize) terminal.off?.('resize', resize);
    stdin?.unpipe(stream);
    io.stdin?.pause();
  }
  if (readerClosed) return SIGPIPE_EXIT;
  // The engine may close the streams a moment before it records the exit: ask a few times. A
  // command still running after that lost its connection, and its exit code is not known.
  for (let attempt = 0; ; attempt++) {
    const state = await client.json<Json>(`inspect exec in ${id}`, { method: 'GET', path: `${execPath}/json` });
    if (!state.Running) return Number(state.ExitCode ?? 0);
    if (attempt === 10) throw new EngineError(`exec in ${id}: the connection to the command was lost while it still runs`, undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function toSummary(c: Json): ContainerSummary {
  return {
    id: c.Id,
    name: String(c.Names?.[0] ?? c.Id).replace(/^\//, ''),
    labels: c.Labels ?? {},
    state: c.State,
    status: c.Status,
    image: c.Image,
    imageId: c.ImageID,
    ports: ((c.Ports ?? []) as Json[]).map((p) => ({ ...(p.IP ? { ip: p.IP } : {}), privatePort: p.PrivatePort, ...(p.PublicPort ? { publicPort: p.PublicPort } : {}), type: p.Type })),
  };
}

/**
 * The pull endpoint takes the repository and the tag (or digest) apart: `host:5000/app:1.2` is
 * `host:5000/app` and `1.2`; a reference without either pulls `latest`, as docker pull does.
 */
export function pullQuery(ref: string): { fromImage: string; tag: string } {
  const at = ref.indexOf('@');
  if (at >= 0) return { fromImage: ref.slice(0, at), tag: ref.slice(at + 1) };
  const colon = ref.lastIndexOf(':');
  if (colon > ref.lastIndexOf('/')) return { fromImage: ref.slice(0, colon), tag: ref.slice(colon + 1) };
  return { fromImage: ref, tag: 'latest' };
}

async function build(client: DockerClient, request: BuildRequest, progress: Progress): Promise<void> {
  const { buildContext } = await import('./build-context.js');
  const upload: Readable = await buildContext(request.context, request.dockerfile);
  const stream = await client.open(`build ${request.tags[0] ?? request.context}`, {
    method: 'POST',
    path: '/build',
    query: { t: request.tags, dockerfile: request.dockerfile, buildargs: request.args, labels: request.labels, target: request.target, rm: true },
    upload,
  });
  await followProgress(stream, progress);
}
