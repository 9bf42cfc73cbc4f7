import { createHash, randomBytes } from "node:crypto";

/** `ch_` + 40 random base62-ish characters; the first 8 are kept in clear to tell keys apart. */
export function generateApiKey(): { key: string; prefix: string; hash: string } {
  const key = `ch_${randomBytes(30).toString("base64url")}`;
  return { key, prefix: key.slice(0, 8), hash: hashApiKey(key) };
}

export function hashApiKey(key: string): string {
  return createHash("sha256").update(key).digest("hex");
}
