import { Migration } from '@mikro-orm/migrations';

export class Migration20261121153812 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "member" ("id" serial primary key, "username" varchar(150) not null, "name" varchar(100) null, "phone" varchar(50) null, "email" varchar(254) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "member" add constraint "member_username_unique" unique ("username");`);

    this.addSql(`create table "customer_member_relation" ("id" serial primary key, "customer_id" int not null, "member_id" int not null, "role" text check ("role" in ('decision_maker', 'technical_contact', 'financial_contact', 'business_contact', 'administrative_contact', 'other')) not null, "position" varchar(100) null, "is_primary" boolean not null default false, "notes" text null, "created_by" varchar(150) null, "updated_by" varchar(150) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "customer_member_relation_member_idx" on "customer_member_relation" ("member_id");`);
    this.addSql(`alter table "customer_member_relation" add constraint "customer_member_relation_pair_unique" unique ("customer_id", "member_id");`);
    this.addSql(`create unique index "customer_member_relation_one_primary" on "customer_member_relation" ("customer_id") where "is_primary";`);

    this.addSql(`create table "customer_tenant_relation" ("id" serial primary key, "customer_id" int not null, "tenant_id" int not null, "relation_type" text check ("relation_type" in ('service_provider', 'partner', 'client', 'supplier', 'strategic_partner', 'other')) not null, "is_primary" boolean not null default false, "start_date" date null, "end_date" date null, "status" text check ("status" in ('active', 'inactive', 'terminated', 'suspended', 'expired')) not null, "notes" text null, "created_by" varchar(150) null, "updated_by" varchar(150) null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "customer_tenant_relation_customer_idx" on "customer_tenant_relation" ("customer_id");`);
    this.addSql(`alter table "customer_tenant_relation" add constraint "customer_tenant_relation_pair_unique" unique ("tenant_id", "customer_id");`);
    this.addSql(`create unique index "customer_tenant_relation_one_primary" on "customer_tenant_relation" ("customer_id") where "is_primary";`);

    this.addSql(`alter table "customer_member_relation" add constraint "customer_member_relation_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "customer_member_relation" add constraint "customer_member_relation_member_id_foreign" foreign key ("member_id") references "member" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "customer_tenant_relation" add constraint "customer_tenant_relation_customer_id_foreign" foreign key ("customer_id") references "customer" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "customer_tenant_relation" add constraint "customer_tenant_relation_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "customer_member_relation" drop constraint "customer_member_relation_member_id_foreign";`);

    this.addSql(`drop table if exists "member" cascade;`);

    this.addSql(`drop table if exists "customer_member_relation" cascade;`);

    this.addSql(`drop table if exists "customer_tenant_relation" cascade;`);
  }

}
