/** Engine connection flags shared by every command that talks to dockerd. */
import type { Command } from 'commander';
import type { ConnectionFlags } from '../deploy/connection.js';
import type { DockerClient } from '../deploy/docker-client.js';
import type { EngineApi } from '../deploy/engine-api.js';

export function addEngineOptions(cmd: Command): Command {
  return cmd
    .option('-H, --host <address>', 'engine address (unix:///path, tcp://host:port, ssh://user@host); default DOCKER_HOST')
    .option('--context <name>', 'docker CLI context to use; default DOCKER_CONTEXT or the current context')
    .option('--tlsverify', 'use TLS and verify the engine (default DOCKER_TLS_VERIFY)')
    .option('--tlscacert <file>', 'CA certificate (default $DOCKER_CERT_PATH/ca.pem)')
    .option('--tlscert <file>', 'client certificate (default $DOCKER_CERT_PATH/cert.pem)')
    .option('--tlskey <file>', 'client key (default $DOCKER_CERT_PATH/key.pem)');
}

/** Resolves the connection and checks that the engine answers before any planning starts. */
export async function connectEngine(flags: ConnectionFlags): Promise<EngineApi> {
  return answeringEngine(await engineClient(flags));
}

/** The engine API on `client`, once the engine answered. */
export async function answeringEngine(client: DockerClient): Promise<EngineApi> {
  const { dockerEngine } = await import('../deploy/docker-engine.js');
  const api = dockerEngine(client);
  await api.ping();
  return api;
}

/** The client (and its connections) for the engine the flags name. */
export async function engineClient(flags: ConnectionFlags): Promise<DockerClient> {
  const { resolveConnection } = await import('../deploy/connection.js');
  const { dockerClient } = await import('../deploy/docker-client.js');
  return dockerClient(resolveConnection(flags));
}
