/**
 * Keeps the process alive and responsive when whoever reads its stdout or stderr goes away
 * (`npm start | head`, a log pipe that closed). Writing to a closed pipe fails with EPIPE; left
 * unhandled, that error becomes an uncaught exception whose own logging fails again. Logging is
 * best effort: once a stream is closed, writes to it are dropped and everything else carries on,
 * so SIGTERM and SIGINT still stop the process cleanly.
 */
const guarded = new WeakSet<NodeJS.WriteStream>();

export function surviveClosedOutput(): void {
  for (const stream of [process.stdout, process.stderr]) {
    if (guarded.has(stream)) continue;
    guarded.add(stream);
    stream.on('error', (error: NodeJS.ErrnoException) => {
      if (error.code === 'EPIPE' || error.code === 'ERR_STREAM_DESTROYED' || error.code === 'ECONNRESET') {
        // Further writes would only fail again: drop them.
        stream.write = (() => true) as typeof stream.write;
        return;
      }
      throw error; // anything else is a real fault: surface it as before
    });
  }
}
