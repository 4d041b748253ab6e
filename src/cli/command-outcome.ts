/** What a CLI command printed and exits with: 0 done, 1 refused or failed, 2 bad input. */
export interface CommandOutcome {
  readonly exitCode: 0 | 1 | 2;
  readonly stdout: string;
  readonly stderr: string;
}
