import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";

import { DB_TIMEOUT_DEFAULTS, type DbTimeouts } from "@customer-hub/db";
import { z } from "zod";

import { HTTP_DEFAULTS, type HttpSettings } from "./http-options";

/** The repository root (where pnpm-workspace.yaml is), so `.data/` is one place whatever the cwd. */
function findProjectRoot(start: string): string {
  let dir = start;
  while (true) {
    if (existsSync(path.join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return start;
    dir = parent;
  }
}

/** How much a caller may ask; see README "Running in production". */
export type Limits = {
  /** Requests per window for one credential (one `Authorization` header value). */
  rateLimitMax: number;
  /** Requests per window for one client address sending no credential. */
  rateLimitAnonymousMax: number;
  rateLimitWindowSeconds: number;
  /** Failed logins per window before a username is refused with 429. */
  loginMaxFailuresPerUsername: number;
  /** Failed logins per window before a client address is refused with 429 (any usernames). */
  loginMaxFailuresPerAddress: number;
  loginThrottleWindowSeconds: number;
};

// 6000/min per credential leaves a busy integration (50 requests/s = 3000/min) twice the room.
export const DEFAULT_LIMITS: Limits = {
  rateLimitMax: 6000,
  rateLimitAnonymousMax: 600,
  rateLimitWindowSeconds: 60,
  loginMaxFailuresPerUsername: 10,
  loginMaxFailuresPerAddress: 100,
  loginThrottleWindowSeconds: 15 * 60,
};

const envSchema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  HOST: z.string().default("127.0.0.1"),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  DATABASE_URL: z.url().optional(),
  JWT_SECRET: z.string().min(32, "JWT_SECRET must be at least 32 characters").optional(),
  ACCESS_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(3600),
  REFRESH_TOKEN_TTL_SECONDS: z.coerce.number().int().positive().default(7 * 24 * 3600),
  DATA_DIR: z.string().optional(),
  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  // "2" (hops) or "127.0.0.1,10.0.0.0/8" (addresses, CIDRs); unset, no proxy is believed.
  TRUST_PROXY: z
    .string()
    .trim()
    .optional()
    .transform((value): HttpSettings["trustProxy"] => {
      if (!value) return false;
      if (/^\d+$/.test(value)) return Number(value);
      return value.split(",").map((address) => address.trim()).filter(Boolean);
    }),
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  CORS_ORIGINS: z
    .string()
    .optional()
    .transform((value) => (value ?? "").split(",").map((origin) => origin.trim()).filter(Boolean)),
  REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(HTTP_DEFAULTS.requestTimeoutMs),
  CONNECTION_TIMEOUT_MS: z.coerce.number().int().positive().default(HTTP_DEFAULTS.connectionTimeoutMs),
  DB_CONNECT_TIMEOUT_MS: z.coerce.number().int().positive().default(DB_TIMEOUT_DEFAULTS.connectMs),
  DB_POOL_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().positive().default(DB_TIMEOUT_DEFAULTS.acquireMs),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().positive().default(DB_TIMEOUT_DEFAULTS.statementMs),
  RATE_LIMIT_MAX: z.coerce.number().int().positive().default(DEFAULT_LIMITS.rateLimitMax),
  RATE_LIMIT_ANONYMOUS_MAX: z.coerce.number().int().positive().default(DEFAULT_LIMITS.rateLimitAnonymousMax),
  RATE_LIMIT_WINDOW_SECONDS: z.coerce.number().int().positive().default(DEFAULT_LIMITS.rateLimitWindowSeconds),
  LOGIN_MAX_FAILURES_PER_USERNAME: z.coerce.number().int().positive().default(DEFAULT_LIMITS.loginMaxFailuresPerUsername),
  LOGIN_MAX_FAILURES_PER_ADDRESS: z.coerce.number().int().positive().default(DEFAULT_LIMITS.loginMaxFailuresPerAddress),
  LOGIN_THROTTLE_WINDOW_SECONDS: z.coerce.number().int().positive().default(DEFAULT_LIMITS.loginThrottleWindowSeconds),
});

export type Env = {
  nodeEnv: "development" | "production" | "test";
  host: string;
  port: number;
  /** Unset: run on the embedded PostgreSQL under `dataDir`. */
  databaseUrl: string | undefined;
  jwtSecret: string;
  accessTokenTtlSeconds: number;
  refreshTokenTtlSeconds: number;
  dataDir: string;
  logLevel: string;
  http: HttpSettings;
  dbTimeouts: DbTimeouts;
  limits: Limits;
};

/** Outside production a secret is made once and kept under `.data/`, so tokens survive restarts. */
function devJwtSecret(dataDir: string): string {
  const file = path.join(dataDir, "jwt-secret");
  if (existsSync(file)) return readFileSync(file, "utf8").trim();
  mkdirSync(dataDir, { recursive: true });
  const secret = randomBytes(48).toString("base64url");
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

/** The only reader of process.env (and of `.env`). */
export function loadEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const root = findProjectRoot(process.cwd());
  const dotEnv = path.join(root, ".env");
  if (source === process.env && existsSync(dotEnv)) process.loadEnvFile(dotEnv);

  const parsed = envSchema.safeParse(source);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new Error(`invalid environment: ${problems.join("; ")}`);
  }
  const raw = parsed.data;
  const dataDir = path.resolve(root, raw.DATA_DIR ?? ".data");
  if (raw.NODE_ENV === "production" && !raw.JWT_SECRET) {
    throw new Error("invalid environment: JWT_SECRET is required when NODE_ENV=production");
  }
  return {
    nodeEnv: raw.NODE_ENV,
    host: raw.HOST,
    port: raw.PORT,
    databaseUrl: raw.DATABASE_URL,
    jwtSecret: raw.JWT_SECRET ?? devJwtSecret(dataDir),
    accessTokenTtlSeconds: raw.ACCESS_TOKEN_TTL_SECONDS,
    refreshTokenTtlSeconds: raw.REFRESH_TOKEN_TTL_SECONDS,
    dataDir,
    logLevel: raw.LOG_LEVEL,
    http: {
      trustProxy: raw.TRUST_PROXY,
      publicUrl: raw.PUBLIC_URL,
      corsOrigins: raw.CORS_ORIGINS,
      requestTimeoutMs: raw.REQUEST_TIMEOUT_MS,
      connectionTimeoutMs: raw.CONNECTION_TIMEOUT_MS,
    },
    dbTimeouts: {
      connectMs: raw.DB_CONNECT_TIMEOUT_MS,
      acquireMs: raw.DB_POOL_ACQUIRE_TIMEOUT_MS,
      statementMs: raw.DB_STATEMENT_TIMEOUT_MS,
    },
    limits: {
      rateLimitMax: raw.RATE_LIMIT_MAX,
      rateLimitAnonymousMax: raw.RATE_LIMIT_ANONYMOUS_MAX,
      rateLimitWindowSeconds: raw.RATE_LIMIT_WINDOW_SECONDS,
      loginMaxFailuresPerUsername: raw.LOGIN_MAX_FAILURES_PER_USERNAME,
      loginMaxFailuresPerAddress: raw.LOGIN_MAX_FAILURES_PER_ADDRESS,
      loginThrottleWindowSeconds: raw.LOGIN_THROTTLE_WINDOW_SECONDS,
    },
  };
}
