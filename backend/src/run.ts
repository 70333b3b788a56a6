import { surviveClosedOutput } from './closed-output.ts';
import { ConfigError, loadConfig } from './config.ts';
import { startBackend } from './server.ts';

/**
 * Runs the backend as a process until SIGINT or SIGTERM: migrations, then the server. A bad
 * configuration exits 2 with one line per problem; any other failure to start exits 1.
 * `required` names settings this entry point cannot do without, with what to set.
 */
export async function runBackend(opts: { required?: Record<string, string> } = {}): Promise<void> {
  surviveClosedOutput();
  try {
    if (opts.required) {
      // Every problem at once: the missing addresses and whatever else the settings lack.
      const problems = Object.entries(opts.required).filter(([key]) => !process.env[key]).map(([key, why]) => `${key}: required (${why})`);
      try {
        loadConfig(process.env);
      } catch (err) {
        if (!(err instanceof ConfigError)) throw err;
        problems.push(...err.problems);
      }
      if (problems.length) throw new ConfigError(problems);
    }
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
}
