import type { EntityManager } from "@mikro-orm/postgresql";
import { ApiKeySchema, UserSchema } from "@customer-hub/db";
import { z } from "zod";

import { generateApiKey } from "../auth/api-keys";
import { CliError, parseOptions, parseWith, usageError, withDatabase, type Command } from "./command";

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

export const apiKeyCommand: Command = {
  synopsis: "apikey create --username U",
  summary: "create an API key (for `Authorization: Token <key>`); the key is printed alone on the last line",
  async run(argv, io) {
    const [action, ...rest] = argv;
    if (action !== "create") throw usageError(action ? `unknown apikey action "${action}"` : "missing apikey action");
    const options = parseOptions(rest, { username: { type: "string" } });
    const input = parseWith(apiKeyCreateInput, { username: options.username });

    const { key, prefix, username } = await withDatabase(io, (orm) => createApiKey(orm.em.fork(), input));
    io.out(`created API key ${prefix}… for "${username}"; only its hash is stored, so copy it now:`);
    // Alone on the last line, so scripts can take it with `tail -n 1`.
    io.out(key);
  },
};
