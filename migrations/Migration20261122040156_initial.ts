import { Migration } from '@mikro-orm/migrations';

export class Migration20261122040156_initial extends Migration {

  override name = 'Migration20261122040156_initial';

  override up(): void | Promise<void> {
    this.addSql(`create table "audit_logs" ("id" bigserial primary key, "created_at" timestamptz not null, "user_id" uuid null, "action" varchar(64) not null, "category" text not null, "severity" text not null, "ip" varchar(64) null, "request_id" varchar(64) null, "metadata" jsonb null);`);
    this.addSql(`create index "audit_logs_user_time_idx" on "audit_logs" ("user_id", "created_at");`);
    this.addSql(`create index "audit_logs_action_time_idx" on "audit_logs" ("action", "created_at");`);
    this.addSql(`alter table "audit_logs" add constraint "audit_logs_category_check" check ("category" in ('security', 'business', 'error'));`);
    this.addSql(`alter table "audit_logs" add constraint "audit_logs_severity_check" check ("severity" in ('info', 'warning', 'error', 'critical'));`);

    this.addSql(`create table "users" ("id" uuid not null, "email" varchar(254) not null, "password_hash" varchar(100) not null, "display_name" varchar(80) null, "email_verified_at" timestamptz null, "disabled_at" timestamptz null, "password_changed_at" timestamptz not null, "created_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "users" add constraint "users_email_unique" unique ("email");`);

    this.addSql(`create table "email_tokens" ("id" uuid not null, "user_id" uuid not null, "purpose" text not null, "token_hash" varchar(64) not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "created_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "email_tokens_user_idx" on "email_tokens" ("user_id");`);
    this.addSql(`alter table "email_tokens" add constraint "email_tokens_hash_unique" unique ("token_hash");`);
    this.addSql(`alter table "email_tokens" add constraint "email_tokens_purpose_check" check ("purpose" in ('verify_email', 'reset_password'));`);

    this.addSql(`create table "devices" ("id" uuid not null, "user_id" uuid not null, "client_id" varchar(64) not null, "name" varchar(80) not null, "created_at" timestamptz not null, "last_seen_at" timestamptz not null, "signed_out_at" timestamptz null, primary key ("id"));`);
    this.addSql(`alter table "devices" add constraint "devices_user_client_id_unique" unique ("user_id", "client_id");`);

    this.addSql(`create table "sessions" ("id" uuid not null, "user_id" uuid not null, "device_id" uuid null, "client" varchar(16) not null, "refresh_token_hash" varchar(64) not null, "previous_refresh_token_hash" varchar(64) null, "refresh_expires_at" timestamptz not null, "ip" varchar(64) null, "user_agent" varchar(256) null, "created_at" timestamptz not null, "last_used_at" timestamptz not null, "revoked_at" timestamptz null, "revoked_reason" varchar(64) null, primary key ("id"));`);
    this.addSql(`create index "sessions_user_idx" on "sessions" ("user_id");`);
    this.addSql(`alter table "sessions" add constraint "sessions_refresh_hash_unique" unique ("refresh_token_hash");`);
    this.addSql(`create index "sessions_prev_refresh_hash_idx" on "sessions" ("previous_refresh_token_hash");`);

    this.addSql(`alter table "email_tokens" add constraint "email_tokens_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "devices" add constraint "devices_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);

    this.addSql(`alter table "sessions" add constraint "sessions_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
    this.addSql(`alter table "sessions" add constraint "sessions_device_id_foreign" foreign key ("device_id") references "devices" ("id") on delete set null;`);
  }


  override down(): void | Promise<void> {
    for (const table of ['sessions', 'devices', 'email_tokens', 'users', 'audit_logs']) {
      this.addSql(`drop table if exists "${table}" cascade;`);
    }
  }

}
