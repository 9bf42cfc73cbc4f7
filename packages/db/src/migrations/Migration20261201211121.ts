import { Migration } from '@mikro-orm/migrations';

export class Migration20261201211121 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "login_throttle" ("key" varchar(200) not null, "attempts" int not null, "window_started_at" timestamptz not null, constraint "login_throttle_pkey" primary key ("key"));`);

    this.addSql(`create table "refresh_token" ("jti" uuid not null, "family" uuid not null, "user_id" int not null, "created_at" timestamptz not null, "expires_at" timestamptz not null, "used_at" timestamptz null, "revoked_at" timestamptz null, constraint "refresh_token_pkey" primary key ("jti"));`);
    this.addSql(`create index "refresh_token_family_idx" on "refresh_token" ("family");`);

    this.addSql(`alter table "refresh_token" add constraint "refresh_token_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "login_throttle" cascade;`);

    this.addSql(`drop table if exists "refresh_token" cascade;`);
  }

}
