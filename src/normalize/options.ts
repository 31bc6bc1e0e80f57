/** What normalize needs besides the document; I/O is injected so the stage stays pure. */
export interface NormalizeHost {
  readEnvFile(path: string): { vars: Record<string, string> } | { error: string; missing: boolean };
  fileExists(path: string): boolean;
}

export interface NormalizeOptions {
  /** Already decided by parse/cli. */
  readonly projectName: string;
  /** Absolute. */
  readonly projectDirectory: string;
  readonly configFiles: readonly string[];
  /** Resolved variables (process env over .env), for `environment: [FOO]` pass-through. */
  readonly environment: Readonly<Record<string, string>>;
  readonly host: NormalizeHost;
  /**
   * Services that exist in the files but that profiles left out (parse removed them from the
   * document), so a reference to one is reported as disabled rather than undefined. Either the
   * names, or name → its profiles, which lets the message say which `--profile` enables it.
   */
  readonly disabledServices?: readonly string[] | Readonly<Record<string, readonly string[]>>;
}
