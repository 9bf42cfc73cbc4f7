import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiKeySchema, UserSchema } from "@customer-hub/db";
import type { Command } from "commander";
import { z } from "zod";

import { generateApiKey, hashApiKey } from "../auth/api-keys";
import { CliError, parseWith, withDatabase, type CliIo } from "./command";

const apiKeyCreateInput = z.object({ username: z.string().trim().min(1).max(150) });

/** A new key for `username`. Only its prefix and SHA-256 are stored: the key itself is returned once. */
export async function createApiKey(
  em: EntityManager,
  raw: z.input<typeof apiKeyCreateInput>,
): Promise<{ key: string; prefix: string; username: string }> {
  const { username } = parseWith(apiKeyCreateInput, raw);
  const user = await em.findOne(UserSchema, { username });
  if (!user) throw new CliError(`no user named "${username}"`);
  // authenticate() refuses keys of inactive users, so such a key would be useless.
  if (!user.is_active) throw new CliError(`user "${username}" is inactive`);

  const { key, prefix, hash } = generateApiKey();
  em.create(ApiKeySchema, { user, prefix, key_hash: hash });
  await em.flush();
  return { key, prefix, username: user.username };
}

export type ApiKeyListing = {
  prefix: string;
  created_at: Date;
  last_used_at?: Date | null;
  revoked_at?: Date | null;
};

const username = z.object({ username: z.string().trim().min(1).max(150) });

export async function listApiKeys(em: EntityManager, raw: z.input<typeof username>): Promise<ApiKeyListing[]> {
  const input = parseWith(username, raw);
  const user = await em.findOne(UserSchema, { username: input.username });
  if (!user) throw new CliError(`no user named "${input.username}"`);
  return em.find(
    ApiKeySchema,
    { user },
    { fields: ["prefix", "created_at", "last_used_at", "revoked_at"], orderBy: { id: "asc" } },
  );
}

// The prefix as stored (`ch_` and 5 characters), or the whole key; `…` as printed by list is allowed.
const apiKeyRevokeInput = z.object({ key: z.string().trim().min(8).max(200).transform((key) => key.replace(/…$/, "")) });

/**
 * Revokes one key, named by the key itself or by its prefix. Revocation is an UPDATE of the row
 * (`revoked_at`), which authenticate checks on every request. A prefix shared by several live
 * keys is refused: the full key says which.
 */
export async function revokeApiKey(
  em: EntityManager,
  raw: z.input<typeof apiKeyRevokeInput>,
): Promise<{ prefix: string; username: string; alreadyRevokedAt: Date | null }> {
  const { key } = parseWith(apiKeyRevokeInput, raw);
  const candidates = await em.find(
    ApiKeySchema,
    { $or: [{ key_hash: hashApiKey(key) }, { prefix: key }] },
    { populate: ["user"], orderBy: { id: "asc" } },
  );
  if (candidates.length === 0) throw new CliError(`no API key matches "${key}"`);
  const live = candidates.filter((candidate) => candidate.revoked_at === null);
  if (live.length > 1) throw new CliError(`${live.length} live API keys start with "${key}"; give the full key`);
  const target = live[0] ?? candidates[0]!;
  const result = { prefix: target.prefix, username: target.user.username, alreadyRevokedAt: target.revoked_at ?? null };
  if (target.revoked_at === null) {
    await em.nativeUpdate(ApiKeySchema, { id: target.id, revoked_at: null }, { revoked_at: new Date() });
  }
  return result;
}

const when = (date: Date | null | undefined) => (date ? date.toISOString() : "never");

export function addApiKeyCommands(program: Command, io: CliIo) {
  const apikey = program.command("apikey").description("API keys, for `Authorization: Token <key>`");
  apikey
    .command("create")
    .description("create an API key for a user; the key is printed alone on the last line, and never again")
    .option("--username <name>")
    .action(async (options: { username?: string }) => {
      const input = parseWith(apiKeyCreateInput, options);
      const { key, prefix, username } = await withDatabase(io, (orm) => createApiKey(orm.em.fork(), input));
      io.out(`created API key ${prefix}… for "${username}"; only its hash is stored, so copy it now:`);
      // Alone on the last line, so scripts can take it with `tail -n 1`.
      io.out(key);
    });
  apikey
    .command("list")
    .description("list a user's keys: prefix, state, created, last used (never the key)")
    .option("--username <name>")
    .action(async (options: { username?: string }) => {
      const input = parseWith(username, options);
      const keys = await withDatabase(io, (orm) => listApiKeys(orm.em.fork(), input));
      if (keys.length === 0) io.out(`"${input.username}" has no API keys`);
      for (const key of keys) {
        const state = key.revoked_at ? `revoked ${when(key.revoked_at)}` : "active";
        io.out(`${key.prefix}…  ${state}  created ${when(key.created_at)}  last used ${when(key.last_used_at)}`);
      }
    });
  apikey
    .command("revoke")
    .description("revoke a key, named by the key itself or its 8-character prefix")
    .option("--key <key>", "the key or its prefix (ch_AbCdE)")
    .action(async (options: { key?: string }) => {
      const input = parseWith(apiKeyRevokeInput, options);
      const revoked = await withDatabase(io, (orm) => revokeApiKey(orm.em.fork(), input));
      io.out(
        revoked.alreadyRevokedAt
          ? `API key ${revoked.prefix}… of "${revoked.username}" was already revoked (${when(revoked.alreadyRevokedAt)})`
          : `revoked API key ${revoked.prefix}… of "${revoked.username}"; it is refused from now on`,
      );
    });
}
