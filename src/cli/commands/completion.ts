/**
 * `stackc completion bash|zsh|fish`: completion scripts generated from the command tree, so
 * they never fall out of step with the commands and flags that exist.
 */
import type { Command } from 'commander';

interface Spec {
  readonly commands: string[];
  readonly options: Record<string, string[]>;
}

function specOf(program: Command): Spec {
  const flags = (cmd: Command) => cmd.options.flatMap((o) => [o.long, o.short].filter((f): f is string => Boolean(f)));
  const options: Record<string, string[]> = { '': flags(program) };
  for (const cmd of program.commands) options[cmd.name()] = [...flags(cmd), '--help'];
  return { commands: program.commands.map((c) => c.name()), options };
}

export function completionScript(program: Command, shell: string): string | undefined {
  const spec = specOf(program);
  if (shell === 'bash') return bash(spec);
  if (shell === 'zsh') return `#compdef stackc\nautoload -U bashcompinit && bashcompinit\n${bash(spec)}`;
  if (shell === 'fish') return fish(spec);
  return undefined;
}

function bash(spec: Spec): string {
  const cases = spec.commands.map((c) => `    ${c}) opts="${(spec.options[c] ?? []).join(' ')}" ;;`).join('\n');
  return `# stackc bash completion: eval "$(stackc completion bash)"
_stackc() {
  local cur cmd opts i
  cur="\${COMP_WORDS[COMP_CWORD]}"
  cmd=""
  for ((i = 1; i < COMP_CWORD; i++)); do
    case "\${COMP_WORDS[i]}" in -*) ;; *) cmd="\${COMP_WORDS[i]}"; break ;; esac
  done
  case "$cmd" in
${cases}
    *) COMPREPLY=($(compgen -W "${spec.commands.join(' ')} ${(spec.options[''] ?? []).join(' ')}" -- "$cur")); return ;;
  esac
  if [[ "$cur" == -* ]]; then COMPREPLY=($(compgen -W "$opts" -- "$cur")); else COMPREPLY=($(compgen -f -- "$cur")); fi
}
complete -F _stackc stackc
`;
}

function fish(spec: Spec): string {
  const lines = ['# stackc fish completion: stackc completion fish | source', 'complete -c stackc -f'];
  for (const c of spec.commands) lines.push(`complete -c stackc -n __fish_use_subcommand -a ${c}`);
  for (const c of spec.commands) {
    for (const flag of spec.options[c] ?? []) {
      const opt = flag.startsWith('--') ? `-l ${flag.slice(2)}` : `-s ${flag.slice(1)}`;
      lines.push(`complete -c stackc -n '__fish_seen_subcommand_from ${c}' ${opt}`);
    }
  }
  return lines.join('\n') + '\n';
}
