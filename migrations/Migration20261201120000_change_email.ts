import { Migration } from '@mikro-orm/migrations';

export class Migration20261201120000_change_email extends Migration {

  override name = 'Migration20261201120000_change_email';

  override up(): void | Promise<void> {
    this.addSql(`alter table "email_tokens" add column "new_email" varchar(254) null;`);
    this.addSql(`alter table "email_tokens" drop constraint if exists "email_tokens_purpose_check";`);
    this.addSql(`alter table "email_tokens" add constraint "email_tokens_purpose_check" check ("purpose" in ('verify_email', 'reset_password', 'change_email'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`delete from "email_tokens" where "purpose" = 'change_email';`);
    this.addSql(`alter table "email_tokens" drop constraint if exists "email_tokens_purpose_check";`);
    this.addSql(`alter table "email_tokens" add constraint "email_tokens_purpose_check" check ("purpose" in ('verify_email', 'reset_password'));`);
    this.addSql(`alter table "email_tokens" drop column "new_email";`);
  }

}
