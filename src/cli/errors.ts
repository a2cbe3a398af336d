/** Exit codes of every wxacode-cloudbase command (exec ends with its command's own code instead). */
export const EXIT_OK = 0;
export const EXIT_FAILURE = 1;
export const EXIT_USAGE = 2;
/** exec: the command could not be started (not found, not executable), as a shell reports it */
export const EXIT_COMMAND_NOT_FOUND = 127;

/** A mistake in the command line: the message names the flag and what to write instead; exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** A failure the message fully explains (a missing or malformed project file): exit code 1, no stack. */
export class CliFailure extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CliFailure';
  }
}

export interface CliIo {
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}
