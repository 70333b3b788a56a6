import type { MikroORM } from '@mikro-orm/postgresql';
import type { Config } from '../../config.ts';
import type { HotCache, Invalidate } from '../cache/hot.ts';

/** What the sessions module uses: issuing, checking and revoking sign-ins. */
export interface SessionDeps {
  config: Config;
  orm: MikroORM;
  /** Remembers recent session checks for requireAuth({ cached: true }). */
  hot: HotCache;
  /** Revocations reach every instance's remembered checks through it. */
  invalidate: Invalidate;
}

/** What requireAuth() needs: any module whose routes take signed-in requests. */
export type AuthCheckDeps = Pick<SessionDeps, 'config' | 'orm' | 'hot'>;
