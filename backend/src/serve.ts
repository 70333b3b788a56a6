// The container's entry point (Dockerfile, compose.yaml): the backend alone, for self-hosters.
// It starts no database, browser or fake Stripe of its own: PostgreSQL and Redis are services
// beside it, so both addresses are required. Applies pending migrations, then serves.
import { runBackend } from './run.ts';

await runBackend({
  required: {
    DATABASE_URL: 'the PostgreSQL to use, postgres://user:password@host:5432/database',
    REDIS_URL: 'the Redis every instance shares for rate limits and cache invalidation, redis://host:6379',
  },
});
