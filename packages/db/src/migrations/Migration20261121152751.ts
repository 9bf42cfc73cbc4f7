import { Migration } from '@mikro-orm/migrations';

export class Migration20261121152751 extends Migration {

  override async up(): Promise<void> {
    // Trigram indexes make the substring search of /customers/search/ an index scan.
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create table "customer" ("id" serial primary key, "name" varchar(200) not null, "type" text check ("type" in ('company', 'individual', 'government', 'organization', 'other')) not null, "value_level" text check ("value_level" in ('normal', 'vip', 'important', 'svip')) not null default 'normal', "status" text check ("status" in ('active', 'inactive', 'potential', 'suspended', 'lost')) not null default 'active', "business_license_number" varchar(50) null, "tax_identification_number" varchar(50) null, "registered_capital" varchar(100) null, "legal_representative" varchar(100) null, "registered_address" varchar(255) null, "business_address" varchar(255) null, "business_scope" text null, "industry_type" varchar(100) null, "company_size" text check ("company_size" in ('micro', 'small', 'medium', 'large', 'enterprise')) null, "establishment_date" date null, "website" varchar(200) null, "primary_contact_name" varchar(100) null, "primary_contact_phone" varchar(50) null, "primary_contact_email" varchar(254) null, "bank_name" varchar(100) null, "bank_account" varchar(50) null, "credit_rating" varchar(20) null, "payment_terms" varchar(100) null, "special_requirements" text null, "notes" text null, "source" varchar(100) null, "landline" varchar(50) null, "mobile_phone" varchar(50) null, "email" varchar(254) null, "grade" text check ("grade" in ('A', 'B', 'C', 'D')) null, "company_details" text null, "lead_source" text check ("lead_source" in ('direct_traffic', 'organic_search', 'paid_search', 'social_media', 'referral', 'email', 'event', 'partner', 'other')) null, "address" varchar(255) null, "customer_industry" text check ("customer_industry" in ('finance', 'information_technology', 'manufacturing', 'retail', 'healthcare', 'education', 'real_estate', 'logistics', 'energy', 'government', 'other')) null, "follow_up_status" text check ("follow_up_status" in ('new', 'initial_contact', 'needs_analysis', 'proposal', 'negotiation', 'won', 'lost')) null, "principal" varchar(100) null, "created_by" varchar(150) null, "updated_by" varchar(150) null, "deleted_at" timestamptz null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`create index "customer_live_created_at_id_idx" on "customer" ("created_at", "id") where "deleted_at" is null;`);
    this.addSql(`create index "customer_live_search_trgm_idx" on "customer" using gin ((coalesce("name", '') || chr(31) || coalesce("primary_contact_name", '') || chr(31) || coalesce("primary_contact_phone", '') || chr(31) || coalesce("business_license_number", '') || chr(31) || coalesce("tax_identification_number", '') || chr(31) || coalesce("email", '') || chr(31) || coalesce("mobile_phone", '')) gin_trgm_ops) where "deleted_at" is null;`);
    this.addSql(`create index "customer_live_status_idx" on "customer" ("status") where "deleted_at" is null;`);
    this.addSql(`create unique index "customer_live_business_license_number_unique" on "customer" ("business_license_number") where "deleted_at" is null;`);

    this.addSql(`create table "tenant" ("id" serial primary key, "name" varchar(200) not null, "code" varchar(50) not null, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "tenant" add constraint "tenant_code_unique" unique ("code");`);

    this.addSql(`create table "app_user" ("id" serial primary key, "username" varchar(150) not null, "password_hash" varchar(255) not null, "role" text check ("role" in ('admin', 'tenant_admin')) not null, "tenant_id" int null, "is_active" boolean not null default true, "created_at" timestamptz not null, "updated_at" timestamptz not null);`);
    this.addSql(`alter table "app_user" add constraint "app_user_username_unique" unique ("username");`);

    this.addSql(`create table "api_key" ("id" serial primary key, "user_id" int not null, "prefix" varchar(16) not null, "key_hash" varchar(64) not null, "created_at" timestamptz not null, "last_used_at" timestamptz null, "revoked_at" timestamptz null);`);
    this.addSql(`alter table "api_key" add constraint "api_key_key_hash_unique" unique ("key_hash");`);

    this.addSql(`alter table "app_user" add constraint "app_user_tenant_id_foreign" foreign key ("tenant_id") references "tenant" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "api_key" add constraint "api_key_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
  }

}
