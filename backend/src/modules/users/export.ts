import type { EntityManager } from '@mikro-orm/postgresql';
import { AuditLog } from '../audit/entity.ts';
import { BillingAccount } from '../billing/entity.ts';
import { PlanGrant } from '../grants/entity.ts';
import { SongProgress } from '../progress/entity.ts';
import { Device } from '../sessions/device-entity.ts';
import { Session } from '../sessions/entity.ts';
import type { User } from './entity.ts';
import { toUserView } from './service.ts';

const iso = (d: Date | null | undefined) => d?.toISOString() ?? null;

/** Everything the backend holds about one user, as JSON (secrets and hashes left out). */
export async function exportAccount(em: EntityManager, user: User) {
  const [devices, sessions, progress, billing, grants, audit] = await Promise.all([
    em.find(Device, { user }, { orderBy: { createdAt: 'asc' } }),
    em.find(Session, { user }, { orderBy: { createdAt: 'asc' }, populate: ['device'] }),
    em.find(SongProgress, { user }, { orderBy: { lastPlayedAt: 'desc' } }),
    em.findOne(BillingAccount, { user }),
    em.find(PlanGrant, { user }, { orderBy: { createdAt: 'asc' } }),
    em.find(AuditLog, { userId: user.id }, { orderBy: { createdAt: 'asc' }, limit: 10_000 }),
  ]);
  return {
    format: 'stagetracker-account-export/1',
    exportedAt: new Date().toISOString(),
    user: { ...toUserView(user), disabledAt: iso(user.disabledAt), passwordChangedAt: iso(user.passwordChangedAt) },
    devices: devices.map((d) => ({ id: d.id, installId: d.clientId, name: d.name, createdAt: iso(d.createdAt), lastSeenAt: iso(d.lastSeenAt), signedOutAt: iso(d.signedOutAt) })),
    sessions: sessions.map((s) => ({
      client: s.client,
      device: s.device?.name ?? null,
      ip: s.ip ?? null,
      userAgent: s.userAgent ?? null,
      createdAt: iso(s.createdAt),
      lastUsedAt: iso(s.lastUsedAt),
      revokedAt: iso(s.revokedAt),
      revokedReason: s.revokedReason ?? null,
    })),
    practiceLog: progress.map((p) => ({ device: p.deviceKey, title: p.title, artist: p.artist, plays: p.plays, minutes: p.minutes, lastPlayedAt: iso(p.lastPlayedAt) })),
    billing: billing
      ? { stripeCustomerId: billing.stripeCustomerId, subscriptionId: billing.subscriptionId ?? null, status: billing.status ?? null, interval: billing.interval ?? null, currentPeriodEnd: iso(billing.currentPeriodEnd), cancelAtPeriodEnd: billing.cancelAtPeriodEnd }
      : null,
    grants: grants.map((g) => ({ plan: g.plan, until: iso(g.until), reason: g.reason ?? null, createdAt: iso(g.createdAt), revokedAt: iso(g.revokedAt) })),
    activity: audit.map((a) => ({ at: iso(a.createdAt), action: a.action, ip: a.ip ?? null, details: a.metadata ?? null })),
  };
}
