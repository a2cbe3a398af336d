/** A failure the CLI explains to the user and exits on: the message says what happened and what to do next. */
export class BatchCliError extends Error {
  constructor(
    message: string,
    /** the process's exit code */
    readonly exitCode = 1,
  ) {
    super(message);
    this.name = 'BatchCliError';
  }
}
