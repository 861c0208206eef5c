/**
 * `casus segments p.casus | head -1`: once the reader has gone, further output has nowhere to go.
 * Unix tools stop quietly then; without this, Node reports the EPIPE as an unhandled error with
 * a stack trace.
 */
export function exitQuietlyOnClosedPipe(...streams: NodeJS.WriteStream[]): void {
  for (const stream of streams) {
    stream.on('error', (e: NodeJS.ErrnoException) => {
      if (e.code === 'EPIPE') process.exit(0);
      throw e;
    });
  }
}
