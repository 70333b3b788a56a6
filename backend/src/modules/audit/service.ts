import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from 'koa';
import { AuditLog, type AuditCategory, type AuditSeverity } from './entity.ts';

export interface AuditEvent {
  action: string;
  category: AuditCategory;
  severity?: AuditSeverity;
  userId?: string | null;
  metadata?: Record<string, unknown>;
}

/**
 * Writes one audit entry in its own fork of the entity manager, so an entry is kept
 * even when the request's own unit of work is rolled back, and never breaks a request:
 * a failure to write is logged instead.
 */
export async function audit(em: EntityManager, ctx: Pick<Context, 'ip' | 'state'> | null, event: AuditEvent): Promise<void> {
  try {
    const fork = em.fork();
    fork.create(AuditLog, {
      action: event.action,
      category: event.category,
      severity: event.severity ?? 'info',
      userId: event.userId ?? null,
      ip: ctx?.ip ?? null,
      requestId: ctx?.state?.requestId ?? null,
      metadata: event.metadata ?? null,
    });
    await fork.flush();
  } catch (err) {
    ctx?.state?.log?.error({ err, action: event.action }, 'audit log write failed');
  }
}
