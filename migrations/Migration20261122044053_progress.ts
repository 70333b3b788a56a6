import { Migration } from '@mikro-orm/migrations';

export class Migration20261122044053_progress extends Migration {

  override name = 'Migration20261122044053_progress';

  override up(): void | Promise<void> {
    this.addSql(`create table "song_progress" ("id" uuid not null, "user_id" uuid not null, "device_key" varchar(64) not null, "song_key" varchar(402) not null, "title" varchar(200) not null, "artist" varchar(200) not null, "plays" int not null, "minutes" double precision not null, "last_played_at" timestamptz not null, "updated_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "song_progress" add constraint "song_progress_user_device_song_unique" unique ("user_id", "device_key", "song_key");`);

    this.addSql(`alter table "song_progress" add constraint "song_progress_user_id_foreign" foreign key ("user_id") references "users" ("id") on delete cascade;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "song_progress" cascade;`);
  }

}
