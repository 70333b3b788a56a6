// Runs the backend as a process (used by `npm run dev`, tests and benchmarks).
// DATABASE_URL must point at a migrated-or-empty PostgreSQL database.
import { runBackend } from './run.ts';

await runBackend();
