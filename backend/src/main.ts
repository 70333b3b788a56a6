// Runs the backend as a process (used by `npm run dev` and by deployments).
// DATABASE_URL must point at a migrated-or-empty PostgreSQL database.
import { surviveClosedOutput } from './closed-output.ts';
import { ConfigError } from './config.ts';
import { startBackend } from './server.ts';

surviveClosedOutput();
try {
  const backend = await startBackend();
  const stop = async () => {
    await backend.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
} catch (err) {
  if (err instanceof ConfigError) {
    console.error(err.message);
    process.exit(2);
  }
  console.error('Backend failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
}
