import { Migration } from '@mikro-orm/migrations';

/**
 * Written by hand: `principal_changed` notifications (payload: the user id) whenever what an API
 * process caches about a caller could have changed: a user deactivated, renamed, given another role
 * or tenant, or deleted; a key revoked, moved or deleted. The API drops that user's cached
 * principals on them (apps/api/src/plugins/principal-invalidation.ts). NOTIFY is sent at commit,
 * so a rolled-back change notifies nobody. `last_used_at` and password changes do not notify.
 */
export class Migration20261201211900 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function "notify_principal_changed"() returns trigger language plpgsql as $$
      begin
        -- Separate statements: PL/pgSQL resolves old.user_id only when its statement runs.
        if tg_table_name = 'app_user' then
          perform pg_notify('principal_changed', old.id::text);
        else
          perform pg_notify('principal_changed', old.user_id::text);
          if tg_op = 'UPDATE' and new.user_id <> old.user_id then
            perform pg_notify('principal_changed', new.user_id::text);
          end if;
        end if;
        return null;
      end $$;`);
    this.addSql(`create trigger "app_user_principal_changed" after update on "app_user" for each row
      when (old.is_active is distinct from new.is_active or old.role is distinct from new.role
            or old.tenant_id is distinct from new.tenant_id or old.username is distinct from new.username)
      execute function "notify_principal_changed"();`);
    this.addSql(`create trigger "app_user_principal_deleted" after delete on "app_user" for each row
      execute function "notify_principal_changed"();`);
    this.addSql(`create trigger "api_key_principal_changed" after update on "api_key" for each row
      when (old.revoked_at is distinct from new.revoked_at or old.user_id is distinct from new.user_id
            or old.key_hash is distinct from new.key_hash)
      execute function "notify_principal_changed"();`);
    this.addSql(`create trigger "api_key_principal_deleted" after delete on "api_key" for each row
      execute function "notify_principal_changed"();`);
  }

  override async down(): Promise<void> {
    for (const [trigger, table] of [
      ["app_user_principal_changed", "app_user"],
      ["app_user_principal_deleted", "app_user"],
      ["api_key_principal_changed", "api_key"],
      ["api_key_principal_deleted", "api_key"],
    ]) {
      this.addSql(`drop trigger if exists "${trigger}" on "${table}";`);
    }
    this.addSql(`drop function if exists "notify_principal_changed"();`);
  }

}
