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
}
