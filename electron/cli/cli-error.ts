/** An error the CLI reports as a plain message on stderr with exit code 2 (usage or input). */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode = 2,
  ) {
    super(message);
    this.name = 'CliError';
  }
}
