import { Migration } from '@mikro-orm/migrations';

/**
 * Counts that need no scan. Every write to `customer` or `customer_tenant_relation` appends, from a
 * statement-level trigger over its transition tables, signed deltas to `customer_count_delta`; a
 * count is the sum of `customer_count` (folded totals) and the deltas. Writers only ever insert
 * deltas, so concurrent writers never wait on one another's count rows and no new lock cycle can
 * form with the customer row locks (ascending id) of bulk writes. The fold moves deltas into the
 * totals under a try-advisory lock: one folder at a time, nobody ever waits for it.
 *
 * Facets (scope 0 = all live customers, scope = tenant id for that tenant's view):
 *   `type,value_level,status`, `company_size`, `grade`, `lead_source`, `customer_industry`,
 *   `follow_up_status`, `created_hour` (UTC hour, for "created in the last 30 days");
 *   per tenant `tenant_view` = customer type, value_level, status, relation type, relation status.
 *
 * Also the gram index: every 1- and 2-character substring of the lower-cased search document, so a
 * 1–2 character search (which yields no trigram) is an index lookup too.
 */
export class Migration20261201213000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "customer_count" ("scope" int not null, "facet" text not null, "key" text[] not null, "n" bigint not null, primary key ("scope", "facet", "key"));`);
    this.addSql(`create table "customer_count_delta" ("scope" int not null, "facet" text not null, "key" text[] not null, "n" bigint not null);`);

    // The facets one customer counts in (global scope); one rule for the triggers and the rebuild.
    this.addSql(`create function customer_count_keys(type text, value_level text, status text, company_size text, grade text, lead_source text, customer_industry text, follow_up_status text, created_at timestamptz)
      returns table (facet text, key text[]) language sql stable parallel safe as $$
        select f.facet, f.key from (values
          ('type,value_level,status', array[type, value_level, status]),
          ('company_size', array[company_size]),
          ('grade', array[grade]),
          ('lead_source', array[lead_source]),
          ('customer_industry', array[customer_industry]),
          ('follow_up_status', array[follow_up_status]),
          ('created_hour', array[to_char(created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24')])
        ) as f (facet, key)
        where f.key[1] is not null
      $$;`);

    this.addSql(`create function customer_count_fold() returns void language plpgsql as $$
      begin
        -- 'customer_count' as an advisory key: one folder at a time, the others skip.
        if not pg_try_advisory_xact_lock(hashtext('customer_count')) then return; end if;
        with gone as (delete from customer_count_delta returning scope, facet, key, n)
        insert into customer_count as total (scope, facet, key, n)
        select scope, facet, key, sum(n) from gone group by scope, facet, key
        on conflict (scope, facet, key) do update set n = total.n + excluded.n;
      end $$;`);

    // changes: (d = +1/-1, the customer's columns) of live rows before (-1) and after (+1) the statement.
    this.addSql(`create function customer_count_customer_changed() returns trigger language plpgsql as $$
      declare
        changes text := case tg_op
          when 'INSERT' then 'select 1 as d, * from new_rows where deleted_at is null'
          when 'DELETE' then 'select -1 as d, * from old_rows where deleted_at is null'
          else 'select -1 as d, * from old_rows where deleted_at is null union all select 1, * from new_rows where deleted_at is null'
        end;
      begin
        execute format($q$
          with changes as (%s)
          insert into customer_count_delta (scope, facet, key, n)
          select 0, k.facet, k.key, sum(c.d)
            from changes c, customer_count_keys(c.type, c.value_level, c.status, c.company_size, c.grade, c.lead_source, c.customer_industry, c.follow_up_status, c.created_at) k
           group by k.facet, k.key having sum(c.d) <> 0
          union all
          select r.tenant_id, 'tenant_view', array[c.type, c.value_level, c.status, r.relation_type, r.status], sum(c.d)
            from changes c join customer_tenant_relation r on r.customer_id = c.id
           group by 1, 3 having sum(c.d) <> 0
        $q$, changes);
        perform customer_count_fold();
        return null;
      end $$;`);

    // A hard delete cascades to the relations before any statement trigger runs, so the tenant
    // counts of a deleted customer are taken off here, while its relations still exist.
    this.addSql(`create function customer_count_customer_deleting() returns trigger language plpgsql as $$
      begin
        if old.deleted_at is null then
          insert into customer_count_delta (scope, facet, key, n)
          select r.tenant_id, 'tenant_view', array[old.type, old.value_level, old.status, r.relation_type, r.status], -1
            from customer_tenant_relation r where r.customer_id = old.id;
        end if;
        return old;
      end $$;`);

    this.addSql(`create function customer_count_relation_changed() returns trigger language plpgsql as $$
      declare
        changes text := case tg_op
          when 'INSERT' then 'select 1 as d, * from new_rows'
          when 'DELETE' then 'select -1 as d, * from old_rows'
          else 'select -1 as d, * from old_rows union all select 1, * from new_rows'
        end;
      begin
        execute format($q$
          with changes as (%s)
          insert into customer_count_delta (scope, facet, key, n)
          select r.tenant_id, 'tenant_view', array[c.type, c.value_level, c.status, r.relation_type, r.status], sum(r.d)
            from changes r join customer c on c.id = r.customer_id and c.deleted_at is null
           group by 1, 3 having sum(r.d) <> 0
        $q$, changes);
        perform customer_count_fold();
        return null;
      end $$;`);

    this.addSql(`create function customer_count_truncated() returns trigger language plpgsql as $$
      begin
        delete from customer_count where tg_table_name = 'customer' or scope <> 0;
        delete from customer_count_delta where tg_table_name = 'customer' or scope <> 0;
        return null;
      end $$;`);

    for (const table of ['customer', 'customer_tenant_relation']) {
      const fn = table === 'customer' ? 'customer_count_customer_changed' : 'customer_count_relation_changed';
      this.addSql(`create trigger "${table}_count_insert" after insert on "${table}" referencing new table as new_rows for each statement execute function ${fn}();`);
      this.addSql(`create trigger "${table}_count_update" after update on "${table}" referencing old table as old_rows new table as new_rows for each statement execute function ${fn}();`);
      this.addSql(`create trigger "${table}_count_delete" after delete on "${table}" referencing old table as old_rows for each statement execute function ${fn}();`);
      this.addSql(`create trigger "${table}_count_truncate" after truncate on "${table}" for each statement execute function customer_count_truncated();`);
    }
    this.addSql(`create trigger "customer_count_deleting" before delete on "customer" for each row execute function customer_count_customer_deleting();`);

    // Every count as the tables say now (what the rebuild writes and the drift check compares).
    this.addSql(`create function customer_count_fresh() returns table (scope int, facet text, key text[], n bigint) language sql stable as $$
        select 0, k.facet, k.key, count(*)
          from customer c, customer_count_keys(c.type, c.value_level, c.status, c.company_size, c.grade, c.lead_source, c.customer_industry, c.follow_up_status, c.created_at) k
         where c.deleted_at is null
         group by k.facet, k.key
        union all
        select r.tenant_id, 'tenant_view', array[c.type, c.value_level, c.status, r.relation_type, r.status], count(*)
          from customer_tenant_relation r join customer c on c.id = r.customer_id and c.deleted_at is null
         group by r.tenant_id, 3
      $$;`);

    // Recomputes every count from the tables (repair; also fills them for rows that exist now).
    // The fresh counts and the removal of the deltas they include are one statement, one snapshot:
    // deltas committed after it stay, and are exactly the changes the snapshot does not see.
    this.addSql(`create function customer_count_rebuild() returns void language plpgsql as $$
      begin
        perform pg_advisory_xact_lock(hashtext('customer_count'));
        delete from customer_count;
        with gone as (delete from customer_count_delta)
        insert into customer_count (scope, facet, key, n) select * from customer_count_fresh();
      end $$;`);
    this.addSql(`select customer_count_rebuild();`);

    // Every 1- and 2-character substring of the lower-cased text, split apart by regular
    // expressions (a loop of substr() is quadratic on multibyte text). ILIKE compares lower-cased
    // text, so a 1–2 character term occurs in the document exactly when its lower-cased self is one
    // of these. chr(1) splits the pairs, so a term containing chr(1) is searched without this index.
    // COST: far dearer than an operator; the planner must not evaluate it on every row for a rare term.
    this.addSql(`create function customer_search_grams(document text) returns text[] language sql immutable strict parallel safe cost 1000 as $$
        select array_remove(
                 regexp_split_to_array(text, '')
                 || string_to_array(regexp_replace(text, '(..)', e'\\\\1\\x01', 'g'), e'\\x01')
                 || string_to_array(regexp_replace(substr(text, 2), '(..)', e'\\\\1\\x01', 'g'), e'\\x01'),
                 '')
          from lower(document) as text
      $$;`);
    const document = `coalesce("name", '') || chr(31) || coalesce("primary_contact_name", '') || chr(31) || coalesce("primary_contact_phone", '') || chr(31) || coalesce("business_license_number", '') || chr(31) || coalesce("tax_identification_number", '') || chr(31) || coalesce("email", '') || chr(31) || coalesce("mobile_phone", '')`;
    this.addSql(`create index "customer_live_search_grams_idx" on "customer" using gin (customer_search_grams(${document})) where "deleted_at" is null;`);
    // A partial index's statistics are not used for estimates; these give the planner the
    // frequency of each gram, so a common term reads the newest rows and a rare one the index.
    this.addSql(`create statistics "customer_search_grams_stats" on (customer_search_grams(${document})) from "customer";`);
    this.addSql(`analyze "customer";`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop statistics if exists "customer_search_grams_stats";`);
    this.addSql(`drop index if exists "customer_live_search_grams_idx";`);
    this.addSql(`drop function if exists customer_search_grams(text);`);
    for (const table of ['customer', 'customer_tenant_relation']) {
      for (const event of ['insert', 'update', 'delete', 'truncate']) this.addSql(`drop trigger if exists "${table}_count_${event}" on "${table}";`);
    }
    this.addSql(`drop trigger if exists "customer_count_deleting" on "customer";`);
    this.addSql(`drop function if exists customer_count_rebuild(), customer_count_fresh(), customer_count_truncated(), customer_count_relation_changed(), customer_count_customer_deleting(), customer_count_customer_changed(), customer_count_fold(), customer_count_keys(text, text, text, text, text, text, text, text, timestamptz);`);
    this.addSql(`drop table if exists "customer_count_delta";`);
    this.addSql(`drop table if exists "customer_count";`);
  }

}
