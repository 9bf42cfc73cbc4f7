import { Migration } from '@mikro-orm/migrations';

export class Migration20261121155604 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "follow_up_log" ("id" serial primary key, "customer_id" int not null, "title" varchar(200) not null, "time" timestamptz not null, "principal" varchar(100) null, "content" text null, "next_time" timestamptz null, "created_by" varchar(150) null, "created_at" timestamptz not null);`);
    this.addSql(`create index "follow_up_log_customer_time_idx" on "follow_up_log" ("customer_id", "time", "id");`);

    this.addSql(`alter table "follow_up_log" add constraint "follow_up_log_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "follow_up_log" cascade;`);
  }

}
