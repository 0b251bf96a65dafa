/** A progress bar on stderr for long work; silent when stderr is not a terminal or when disabled. */
export interface Progress {
  update(done: number, total: number, label: string): void;
  done(): void;
}

export function createProgress(enabled: boolean, stream: NodeJS.WriteStream = process.stderr): Progress {
  if (!enabled || !stream.isTTY) return { update() {}, done() {} };
  let last = 0;
  let shown = false;
  return {
    update(done, total, label) {
      const now = Date.now();
      if (now - last < 50 && done < total) return;
      last = now;
      const width = 24;
      const filled = total > 0 ? Math.round((done / total) * width) : 0;
      const bar = '█'.repeat(filled) + '░'.repeat(width - filled);
      const text = ` ${bar} ${done}/${total} ${label}`.slice(0, Math.max(20, (stream.columns ?? 80) - 1));
      stream.write(`\r\x1b[2K${text}`);
      shown = true;
    },
    done() {
      if (shown) stream.write('\r\x1b[2K');
    },
  };
}
