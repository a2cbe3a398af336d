/** A project `add` cannot work on; the message says what is wrong and what to do. */
export class ProjectError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ProjectError';
  }
}
