import { defineEntity, p } from '@mikro-orm/core';

export type AuditCategory = 'security' | 'business' | 'error';
export type AuditSeverity = 'info' | 'warning' | 'error' | 'critical';

/**
 * Append-only record of security and business events (and of job runs, which leave an
 * entry here instead of rows in a queue table). userId is a plain column, not a foreign
 * key, so entries survive the deletion of the account they describe.
 */
export const AuditLogSchema = defineEntity({
  name: 'AuditLog',
  tableName: 'audit_logs',
  indexes: [{ name: 'audit_logs_user_time_idx', properties: ['userId', 'createdAt'] }, { name: 'audit_logs_action_time_idx', properties: ['action', 'createdAt'] }],
  properties: {
    id: p.bigint('number').primary().autoincrement(),
    createdAt: p.datetime().onCreate(() => new Date()),
    userId: p.uuid().nullable(),
    action: p.string().length(64),
    category: p.enum(['security', 'business', 'error'] as const),
    severity: p.enum(['info', 'warning', 'error', 'critical'] as const),
    ip: p.string().length(64).nullable(),
    requestId: p.string().length(64).nullable(),
    metadata: p.json<Record<string, unknown>>().nullable(),
  },
});

export class AuditLog extends AuditLogSchema.class {}
AuditLogSchema.setClass(AuditLog);
