/**
 * EngineApi over dockerode. Loaded lazily (dockerode pulls in ssh2 and grpc) so commands that
 * need no engine start fast. Every engine failure becomes an EngineError carrying the engine's
 * own message, which is what a user can act on.
 */
import { Writable } from 'node:stream';
import type Docker from 'dockerode';
import type { Connection } from './connection.js';
import { dockerClient, ignoreGone, labelFilters } from './docker-client.js';
import type { BuildRequest, ContainerSummary, EngineApi, ExecRequest, ExecStreams, Progress } from './engine-api.js';

type Json = Record<string, unknown>;

export function dockerEngine(connection: Connection): EngineApi {
  const { docker, call, endpoint, statusOf } = dockerClient(connection);
  return {
    endpoint,
    ping: () => call('connect to the engine', async () => void (await docker.ping())),
    listContainers: ({ labels, all }) =>
      call('list containers', async () => (await docker.listContainers({ all, filters: labelFilters(labels) })).map(toSummary)),
    inspectContainer: (id) =>
      call(`inspect container ${id}`, async () => {
        const info = (await docker.getContainer(id).inspect()) as unknown as Json & { State: Json; Config: Json; NetworkSettings: Json };
        const nets = (info.NetworkSettings.Networks ?? {}) as Record<string, { IPAddress: string; Aliases: string[] | null }>;
        const health = (info.State.Health as { Status?: string } | undefined)?.Status;
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
      }),
    listNetworks: ({ labels, names }) =>
      call('list networks', async () =>
        (await docker.listNetworks({ filters: labelFilters(labels, names) }))
          // The engine's name filter matches substrings; keep exact matches only.
          .filter((n) => !names?.length || names.includes(n.Name))
          .map((n) => ({ id: n.Id, name: n.Name, driver: n.Driver, labels: n.Labels ?? {}, containers: Object.keys(n.Containers ?? {}).length })),
      ),
    listVolumes: ({ labels, names }) =>
      call('list volumes', async () =>
        ((await docker.listVolumes({ filters: labelFilters(labels, names) })).Volumes ?? [])
          .filter((v) => !names?.length || names.includes(v.Name))
          .map((v) => ({ name: v.Name, driver: v.Driver, labels: (v.Labels ?? {}) as Record<string, string> })),
      ),
    imageId: (ref) =>
      call(`inspect image ${ref}`, async () => {
        try {
          return (await docker.getImage(ref).inspect()).Id;
        } catch (error) {
          if (statusOf(error) === 404) return undefined;
          throw error;
        }
      }),
    imageConfig: (ref) =>
      call(`inspect image ${ref}`, async () => {
        try {
          return ((await docker.getImage(ref).inspect()).Config ?? {}) as unknown as Json;
        } catch (error) {
          if (statusOf(error) === 404) return undefined;
          throw error;
        }
      }),
    anyImage: () => call('list images', async () => (await docker.listImages())[0]?.Id),
    logs: (id, options, onLine) => call(`read logs of ${id}`, () => streamLogs(docker, id, options, onLine)),
    createNetwork: (body) => call(`create network ${body.Name}`, async () => (await docker.createNetwork(body as unknown as Docker.NetworkCreateOptions)).id),
    removeNetwork: (id) => call(`remove network ${id}`, () => ignoreGone(statusOf, () => docker.getNetwork(id).remove())),
    connectNetwork: (network, container, endpoint) =>
      call(`connect ${container} to ${network}`, async () => void (await docker.getNetwork(network).connect({ Container: container, EndpointConfig: endpoint as Json }))),
    createVolume: (body) => call(`create volume ${body.Name}`, async () => void (await docker.createVolume(body as unknown as Docker.VolumeCreateOptions))),
    removeVolume: (name) => call(`remove volume ${name}`, async () => void (await docker.getVolume(name).remove())),
    createContainer: (name, body) =>
      // docker-modem copies every option into the query string unless given _query/_body apart.
      call(`create container ${name}`, async () => (await docker.createContainer({ _query: { name }, _body: body } as unknown as Docker.ContainerCreateOptions)).id),
    startContainer: (id) => call(`start container ${id}`, async () => void (await docker.getContainer(id).start())),
    stopContainer: (id, t) =>
      call(`stop container ${id}`, async () => {
        try {
          await docker.getContainer(id).stop(t === undefined ? {} : { t });
        } catch (error) {
          // 304: already stopped, which is what we wanted.
          if (statusOf(error) !== 304) throw error;
        }
      }),
    removeContainer: (id, { volumes, force }) => call(`remove container ${id}`, async () => void (await docker.getContainer(id).remove({ v: volumes, force }))),
    renameContainer: (id, name) => call(`rename container ${id} to ${name}`, async () => void (await docker.getContainer(id).rename({ name }))),
    pullImage: (ref, progress) => call(`pull ${ref}`, () => followStream(docker, docker.pull(ref) as Promise<NodeJS.ReadableStream>, progress)),
    buildImage: (request, progress) => call(`build ${request.tags[0] ?? request.context}`, () => build(docker, request, progress)),
    removeImage: (ref) => call(`remove image ${ref}`, async () => void (await docker.getImage(ref).remove())),
    exec: (id, request, io) => call(`exec in ${id}`, () => runExec(docker, id, request, io)),
  };
}

async function streamLogs(
  docker: Docker,
  id: string,
  options: { follow: boolean; tail?: number; signal?: AbortSignal },
  onLine: (line: string, stream: 'stdout' | 'stderr') => void,
): Promise<void> {
  const container = docker.getContainer(id);
  const tty = Boolean(((await container.inspect()) as { Config: { Tty?: boolean } }).Config.Tty);
  const base = { stdout: true, stderr: true, ...(options.tail !== undefined ? { tail: options.tail } : {}) };
  const stream = (options.follow
    ? await container.logs({ ...base, follow: true })
    : await container.logs({ ...base, follow: false })) as unknown as NodeJS.ReadableStream | Buffer;
  const splitter = (kind: 'stdout' | 'stderr') => {
    let pending = '';
    return new Writable({
      write(chunk: Buffer, _enc, next) {
        pending += chunk.toString('utf8');
        const lines = pending.split('\n');
        pending = lines.pop() ?? '';
        for (const line of lines) onLine(line, kind);
        next();
      },
      final(next) {
        if (pending) onLine(pending, kind);
        next();
      },
    });
  };
  const out = splitter('stdout');
  const err = splitter('stderr');
  if (Buffer.isBuffer(stream)) {
    // Without follow the engine answers with the whole (multiplexed unless TTY) body at once.
    const chunks = tty ? [{ kind: 'stdout' as const, data: stream }] : demuxBuffer(stream);
    for (const c of chunks) (c.kind === 'stdout' ? out : err).write(c.data);
    out.end();
    err.end();
    return;
  }
  options.signal?.addEventListener('abort', () => (stream as unknown as { destroy(): void }).destroy());
  if (tty) stream.pipe(out);
  else docker.modem.demuxStream(stream, out, err);
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  out.end();
  err.end();
}

/** The engine's multiplexed framing: 8-byte header (stream id, 3 zero bytes, big-endian size). */
function demuxBuffer(buffer: Buffer): { kind: 'stdout' | 'stderr'; data: Buffer }[] {
  const out: { kind: 'stdout' | 'stderr'; data: Buffer }[] = [];
  for (let at = 0; at + 8 <= buffer.length; ) {
    const size = buffer.readUInt32BE(at + 4);
    out.push({ kind: buffer[at] === 2 ? 'stderr' : 'stdout', data: buffer.subarray(at + 8, at + 8 + size) });
    at += 8 + size;
  }
  return out;
}

async function runExec(docker: Docker, id: string, request: ExecRequest, io: ExecStreams): Promise<number> {
  const exec = await docker.getContainer(id).exec({
    Cmd: [...request.cmd],
    AttachStdin: request.interactive,
    AttachStdout: true,
    AttachStderr: true,
    Tty: request.tty,
    ...(request.user ? { User: request.user } : {}),
    ...(request.workdir ? { WorkingDir: request.workdir } : {}),
    ...(request.env ? { Env: [...request.env] } : {}),
  });
  const stream = (await exec.start({ hijack: true, stdin: request.interactive, Tty: request.tty })) as NodeJS.ReadWriteStream;
  if (request.tty) stream.pipe(io.stdout, { end: false });
  else docker.modem.demuxStream(stream, io.stdout, io.stderr);
  if (request.interactive && io.stdin) io.stdin.pipe(stream);
  await new Promise<void>((resolve) => {
    stream.on('end', resolve);
    stream.on('close', resolve);
    stream.on('error', () => resolve());
  });
  io.stdin?.unpipe?.(stream as NodeJS.WritableStream);
  const info = await exec.inspect();
  return info.ExitCode ?? 0;
}

function toSummary(c: Docker.ContainerInfo): ContainerSummary {
  return {
    id: c.Id,
    name: (c.Names[0] ?? c.Id).replace(/^\//, ''),
    labels: c.Labels ?? {},
    state: c.State,
    status: c.Status,
    image: c.Image,
    imageId: c.ImageID,
    ports: (c.Ports ?? []).map((p) => ({ ...(p.IP ? { ip: p.IP } : {}), privatePort: p.PrivatePort, ...(p.PublicPort ? { publicPort: p.PublicPort } : {}), type: p.Type })),
  };
}

async function build(docker: Docker, request: BuildRequest, progress: Progress): Promise<void> {
  const stream = docker.buildImage(
    { context: request.context, src: ['.'] },
    {
      t: [...request.tags],
      dockerfile: request.dockerfile,
      buildargs: request.args,
      labels: request.labels,
      ...(request.target ? { target: request.target } : {}),
      rm: true,
    } as unknown as Docker.ImageBuildOptions,
  );
  await followStream(docker, stream as Promise<NodeJS.ReadableStream>, progress);
}

/** Pull and build answer 200 and report failures inside the JSON stream; surface those. */
async function followStream(docker: Docker, started: Promise<NodeJS.ReadableStream>, progress: Progress): Promise<void> {
  const stream = await started;
  await new Promise<void>((resolve, reject) => {
    docker.modem.followProgress(
      stream,
      (error: Error | null) => (error ? reject(error) : resolve()),
      (event: { stream?: string; status?: string; error?: string; errorDetail?: { message?: string } }) => {
        if (event.error) return reject(new Error(event.errorDetail?.message ?? event.error));
        const line = (event.stream ?? event.status ?? '').trimEnd();
        if (line) progress(line);
      },
    );
  });
}
