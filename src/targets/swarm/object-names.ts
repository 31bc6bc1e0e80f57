/**
 * E0702: names the swarm manager refuses. stackc builds the names of what it creates from the
 * stack name and the file's keys (`<stack>_<key>`, secrets and configs also `_<10 hex digits>`),
 * so a name nobody wrote can be too long; the manager would refuse it mid-deploy, after other
 * objects were already created. The rules are swarmkit's (controlapi `validateAnnotations` for
 * services and networks, `validateConfigOrSecretAnnotations` for secrets and configs; seen on
 * engine 20.10), checked here so the error comes before any write and points into the file.
 */
import { diagnostic, type JsonPath } from '../../parse/diagnostics.js';
import type { LowerContext } from './context.js';
import { namedInFile, SHORT_HASH_LENGTH, type NamedResource } from './names.js';

export type ObjectKind = 'service' | 'network' | 'secret' | 'config';

interface NameRule {
  readonly limit: number;
  readonly pattern: RegExp;
  readonly characters: string;
}

/** A DNS label: services and networks are reachable by name on the stack's networks. */
const DNS_LABEL: NameRule = { limit: 63, pattern: /^[A-Za-z0-9]([A-Za-z0-9_-]*[A-Za-z0-9])?$/, characters: 'letters, digits, `-` and `_`' };
const SECRET_OR_CONFIG: NameRule = { limit: 64, pattern: /^[A-Za-z0-9]([A-Za-z0-9_.-]*[A-Za-z0-9])?$/, characters: 'letters, digits, `-`, `_` and `.`' };

const RULES: Readonly<Record<ObjectKind, NameRule>> = { service: DNS_LABEL, network: DNS_LABEL, secret: SECRET_OR_CONFIG, config: SECRET_OR_CONFIG };

/** How stackc builds the name, so the user sees where the length comes from. */
const HOW_NAMED: Readonly<Record<ObjectKind, string>> = {
  service: 'a service is named `<stack>_<key>`',
  network: 'a network is named `<stack>_<key>`, or its `name:`',
  secret: `a secret is named \`<stack>_<key>\` or its \`name:\`, plus \`_\` and ${SHORT_HASH_LENGTH} hex digits of its content digest when stackc reads the content`,
  config: `a config is named \`<stack>_<key>\` or its \`name:\`, plus \`_\` and ${SHORT_HASH_LENGTH} hex digits of its content digest`,
};

/** Where a name comes from in the file: the key that names the object, or its `name:`. */
export interface NameOrigin {
  readonly path: JsonPath;
  readonly target?: 'key';
}

/** A top-level network, secret or config: its `name:` when the file sets one, else its key. */
export function resourceNameOrigin(ctx: LowerContext, section: 'networks' | 'secrets' | 'configs', key: string, def: NamedResource): NameOrigin {
  return namedInFile(ctx.project, key, def) ? { path: [section, key, 'name'] } : { path: [section, key], target: 'key' };
}

/** Reports `name` when swarm would refuse it for an object of this kind. */
export function checkObjectName(ctx: LowerContext, kind: ObjectKind, name: string, origin: NameOrigin): void {
  const rule = RULES[kind];
  const tooLong = name.length > rule.limit;
  const problems = [
    ...(tooLong ? [`is ${name.length} characters long; swarm allows at most ${rule.limit}`] : []),
    ...(rule.pattern.test(name) ? [] : [`may hold only ${rule.characters}, and must start and end with a letter or digit`]),
  ];
  if (!problems.length) return;
  // A `name:` is used as written; a key is prefixed with the stack name.
  const fix = origin.target === 'key' ? (tooLong ? 'use a shorter stack name or key' : 'rename the key') : tooLong ? 'use a shorter `name:`' : 'change `name:`';
  ctx.diagnostics.push(diagnostic('E0702', `${kind} name \`${name}\` ${problems.join('; it ')}`, { ...origin, hint: `${HOW_NAMED[kind]}: ${fix}` }));
}
