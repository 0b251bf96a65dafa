/**
 * The error every importer throws for input it cannot use: it names the file and, where known,
 * the line and column, so the user can go straight to the problem.
 */
export class ImportError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;

  constructor(file: string, message: string, line = 0, column = 0) {
    super(line > 0 ? `${file}:${line}:${column}: ${message}` : `${file}: ${message}`);
    this.name = 'ImportError';
    this.file = file;
    this.line = line;
    this.column = column;
  }

  /** The message without the file/line prefix. */
  get reason(): string {
    const prefix = this.line > 0 ? `${this.file}:${this.line}:${this.column}: ` : `${this.file}: `;
    return this.message.startsWith(prefix) ? this.message.slice(prefix.length) : this.message;
  }
}
