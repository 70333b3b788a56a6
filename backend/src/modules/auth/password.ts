import bcrypt from 'bcrypt';

/**
 * bcrypt through the native binding (runs on libuv's pool, never blocking the event loop).
 * A fixed decoy hash lets an unknown email cost the same time as a wrong password.
 */
export function createPasswordHasher(cost: number) {
  const decoy = bcrypt.hash('decoy-password-never-matches', cost);
  return {
    hash: (password: string) => bcrypt.hash(password, cost),
    verify: (password: string, hash: string) => bcrypt.compare(password, hash),
    /** Burns one comparison's worth of time and always fails. */
    async verifyDecoy(password: string): Promise<false> {
      await bcrypt.compare(password, await decoy);
      return false;
    },
  };
}
export type PasswordHasher = ReturnType<typeof createPasswordHasher>;
