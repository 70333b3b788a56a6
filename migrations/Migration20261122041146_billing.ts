import { Migration } from '@mikro-orm/migrations';

export class Migration20261122041146_billing extends Migration {

  override name = 'Migration20261122041146_billing';

  override up(): void | Promise<void> {
    this.addSql(`create table "cache_store" ("key" varchar(255) not null, "value" jsonb not null, "expires_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("key"));`);
    this.addSql(`create index "cache_store_expires_idx" on "cache_store" ("expires_at");`);

    this.addSql(`create table "stripe_webhook_events" ("id" varchar(255) not null, "type" varchar(128) not null, "status" text not null, "attempts" int not null default 1, "received_at" timestamptz not null, "started_at" timestamptz not null, "processed_at" timestamptz null, "error" varchar(500) null, primary key ("id"));`);

    this.addSql(`create table "plan_grants" ("id" uuid not null, "user_id" uuid not null, "plan" text not null, "until" timestamptz not null, "reason" varchar(200) null, "created_at" timestamptz not null, "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "plan_grants_user_idx" on "plan_grants" ("user_id");`);

    this.addSql(`create table "billing_accounts" ("id" uuid not null, "user_id" uuid not null, "stripe_customer_id" varchar(64) not null, "subscription_id" varchar(64) null, "status" varchar(32) null, "price_id" varchar(64) null, "interval" varchar(16) null, "current_period_end" timestamptz null, "cancel_at_period_end" boolean not null default false, "verified_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "billing_accounts" add constraint "billing_accounts_user_unique" unique ("user_id");`);
    this.addSql(`alter table "billing_accounts" add constraint "billing_accounts_customer_unique" unique ("stripe_customer_id");`);
    this.addSql(`create index "billing_accounts_verified_idx" on "billing_accounts" ("verified_at");`);

    this.addSql(`alter table "stripe_webhook_events" add constraint "stripe_webhook_events_status_check" check ("status" in ('processing', 'processed', 'failed'));`);

    this.addSql(`alter table "plan_grants" add constraint "plan_grants_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "plan_grants" add constraint "plan_grants_plan_check" check ("plan" in ('premium'));`);

    this.addSql(`alter table "billing_accounts" add constraint "billing_accounts_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "cache_store" cascade;`);
    this.addSql(`drop table if exists "stripe_webhook_events" cascade;`);
    this.addSql(`drop table if exists "plan_grants" cascade;`);
    this.addSql(`drop table if exists "billing_accounts" cascade;`);
  }

}
