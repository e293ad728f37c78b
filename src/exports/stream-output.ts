import type { Writable } from 'node:stream';

/** The reader went away (a closed download, a closed pipe): stop paging the database. */
export class OutputClosedError extends Error {
  constructor() {
    super('The output was closed before the export finished');
    this.name = 'OutputClosedError';
  }
}

/** Resolves when the stream wants more, rejects when it closes or fails first. */
export function drained(out: Writable): Promise<void> {
  if (out.destroyed || out.writableEnded) return Promise.reject(new OutputClosedError());
  if (!out.writableNeedDrain) return Promise.resolve();
  return new Promise((resolve, reject) => {
    const done = (err?: Error) => {
      out.off('drain', onDrain);
      out.off('close', onClose);
      out.off('error', onError);
      if (err) reject(err);
      else resolve();
    };
    const onDrain = () => done();
    const onClose = () => done(new OutputClosedError());
    const onError = (err: Error) => done(err);
    out.on('drain', onDrain);
    out.on('close', onClose);
    out.on('error', onError);
  });
}

/**
 * Text written in batches of about 64 KiB, waiting for 'drain' whenever the stream's buffer is
 * full: a slow client slows the export (and its database paging) instead of filling memory.
 */
export class BufferedWriter {
  private buffer = '';

  constructor(
    private readonly out: Writable,
    private readonly batchBytes = 64 * 1024,
  ) {}

  async write(text: string): Promise<void> {
    this.buffer += text;
    if (this.buffer.length >= this.batchBytes) await this.flush();
  }

  async flush(): Promise<void> {
    if (this.out.destroyed) throw new OutputClosedError();
    if (this.buffer) {
      const chunk = this.buffer;
      this.buffer = '';
      this.out.write(chunk, 'utf8');
    }
    await drained(this.out);
  }
}
