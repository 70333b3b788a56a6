import type { UserView } from '../../../../shared/api/auth.ts';
import type { User } from './entity.ts';

export function toUserView(user: User): UserView {
  return {
    id: user.id,
    email: user.email,
    displayName: user.displayName ?? null,
    emailVerified: user.emailVerifiedAt != null,
    createdAt: user.createdAt.toISOString(),
  };
}
