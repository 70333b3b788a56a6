import { Migration } from '@mikro-orm/migrations';

/**
 * Convergence and money rules for billing: a global sequence orders syncs (a copy is only
 * replaced by one read from Stripe later), refunds and lost disputes are kept as a reason, and
 * reconciliation claims accounts with a short lease instead of holding a lock across Stripe calls.
 */
export class Migration20261201090000_billing_convergence extends Migration {

  override name = 'Migration20261201090000_billing_convergence';

  override up(): void | Promise<void> {
    this.addSql(`create sequence if not exists "billing_sync_seq";`);
    this.addSql(`alter table "billing_accounts" add column "sync_version" bigint not null default 0, add column "revoked_reason" varchar(32) null, add column "reconcile_lease_until" timestamptz null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "billing_accounts" drop column "sync_version", drop column "revoked_reason", drop column "reconcile_lease_until";`);
    this.addSql(`drop sequence if exists "billing_sync_seq";`);
  }

}
