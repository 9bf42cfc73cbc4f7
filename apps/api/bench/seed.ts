/**
 * The benchmark's data: one database per size, seeded once and kept (a 1M seed takes minutes), so
 * repeated runs and the runs of an older build measure the same rows.
 */
import { performance } from "node:perf_hooks";

import pg from "pg";

import { generateApiKey } from "../src/auth/api-keys";
import { hashPassword } from "../src/auth/passwords";

/** Raise when the seed below changes, so an old bench database is seeded again. */
const SEED_VERSION = 1;

export const TENANTS = 50;
/** The tenant of 100,000 related customers (capped at the table's size) and the one of 200. */
export const BIG_TENANT_CODE = "bench-t01";
export const SMALL_TENANT_CODE = "bench-t02";

/** Search terms, rare (one customer in 10,000) and common, 2 to 6 characters, Chinese and Latin. */
export const SEARCH_TERMS = {
  "zh rare 2": "璞泉",
  "zh rare 4": "璞泉灵犀",
  "zh rare 6": "璞泉灵犀科技",
  "zh common 2": "公司",
  "zh common 4": "有限公司",
  "zh common 6": "科技有限公司",
  "latin rare 2": "qz",
  "latin rare 4": "qzpu",
  "latin rare 6": "puquan",
  "latin common 2": "ex",
  "latin common 4": "exam",
  "latin common 6": "exampl",
} as const;

export type Credentials = {
  /** API key of an admin. */
  adminKey: string;
  /** API keys of the tenant admins of the big and the small tenant. */
  bigTenantKey: string;
  smallTenantKey: string;
  bigTenantId: number;
  smallTenantId: number;
};

// Names like 北京华信科技有限公司: city + brand + trade + form, so 公司 is in most of them.
const CITIES = ["北京", "上海", "广州", "深圳", "杭州", "成都", "武汉", "南京", "西安", "苏州", "天津", "重庆"];
const BRANDS = ["华信", "恒达", "鼎盛", "宏远", "金泰", "瑞丰", "中科", "博雅", "天元", "永安", "新锐", "锦程", "安达", "汇通"];
const TRADES = ["科技", "贸易", "建设", "物流", "咨询", "餐饮", "医药", "教育", "文化", "电子", "机械", "传媒"];
const FORMS = ["有限公司", "股份有限公司", "集团有限公司", "有限责任公司", "公司", "工作室", "合作社", "研究院"];
const SURNAMES = ["王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭"];
const GIVEN = ["伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明"];

const sqlArray = (values: readonly string[]) => `array[${values.map((value) => `'${value}'`).join(",")}]`;
const pickFrom = (values: readonly string[], expression: string) =>
  `(${sqlArray(values)})[1 + (${expression}) % ${values.length}]`;

/** One INSERT … SELECT over generate_series for customers `from`..`to`. */
function customerInsert(from: number, to: number): string {
  const rare = "n % 10000 = 7";
  return `
    insert into customer (name, type, value_level, status, company_size, grade, follow_up_status, lead_source,
                          customer_industry, industry_type, source, email, mobile_phone, primary_contact_name,
                          primary_contact_phone, business_license_number, registered_address, notes,
                          created_at, updated_at, deleted_at, created_by, updated_by)
    select case when ${rare} then '璞泉灵犀科技有限公司' || n
                else ${pickFrom(CITIES, "n")} || ${pickFrom(BRANDS, "n / 7")} || ${pickFrom(TRADES, "n / 3")}
                     || ${pickFrom(FORMS, "n / 11")} || n end,
           ${pickFrom(["company", "company", "individual", "government", "organization", "other"], "n / 13")}::text,
           ${pickFrom(["normal", "normal", "vip", "important", "svip"], "n / 5")}::text,
           ${pickFrom(["active", "active", "inactive", "potential", "suspended", "lost"], "n / 17")}::text,
           ${pickFrom(["micro", "small", "medium", "large", "enterprise"], "n / 19")}::text,
           ${pickFrom(["A", "B", "C", "D"], "n / 23")}::text,
           case when n % 3 = 0 then null else ${pickFrom(["new", "initial_contact", "needs_analysis", "proposal", "negotiation", "won", "lost"], "n / 29")} end,
           ${pickFrom(["direct_traffic", "organic_search", "referral", "event", "partner"], "n / 61")},
           ${pickFrom(["finance", "information_technology", "manufacturing", "retail", "healthcare"], "n / 67")},
           ${pickFrom(["信息技术", "制造业", "零售", "金融", "医疗"], "n / 31")},
           ${pickFrom(["展会", "官网", "转介绍", "电话营销"], "n / 37")},
           case when ${rare} then 'qzpuquan' || n || '@example.com' else 'c' || n || '@example.com' end,
           '13' || lpad((n::bigint * 7919 % 1000000000)::text, 9, '0'),
           ${pickFrom(SURNAMES, "n / 41")} || ${pickFrom(GIVEN, "n / 43")} || ${pickFrom(GIVEN, "n / 47")},
           '021-' || lpad((n % 100000000)::text, 8, '0'),
           'BL' || lpad(n::text, 12, '0'),
           ${pickFrom(CITIES, "n / 53")} || '市' || ${pickFrom(BRANDS, "n / 59")} || '路' || (n % 999) || '号',
           case when n % 4 = 0 then '重点跟进客户，需要定期回访' else null end,
           now() - make_interval(secs => n * 30), now() - make_interval(secs => n * 15),
           case when n % 100 = 0 then now() else null end,
           'seed', 'seed'
      from generate_series(${from}, ${to}) as n`;
}

/** Fills a migrated, empty database; `customers` rows in batches so progress shows. */
async function seed(client: pg.Client, customers: number, log: (line: string) => void): Promise<Credentials> {
  const started = performance.now();
  const batch = 100_000;
  for (let from = 1; from <= customers; from += batch) {
    const to = Math.min(customers, from + batch - 1);
    await client.query(customerInsert(from, to));
    log(`  customers ${to.toLocaleString()} / ${customers.toLocaleString()} (${((performance.now() - started) / 1000).toFixed(0)} s)`);
  }
  await client.query(`
    insert into tenant (name, code, created_at, updated_at)
    select '租户' || n, 'bench-t' || lpad(n::text, 2, '0'), now(), now() from generate_series(1, ${TENANTS}) as n`);
  const tenants = await client.query<{ id: number; code: string }>("select id, code from tenant where code like 'bench-t%'");
  const tenantId = (code: string) => tenants.rows.find((row) => row.code === code)!.id;
  const big = tenantId(BIG_TENANT_CODE);
  const small = tenantId(SMALL_TENANT_CODE);
  const relation = (tenant: string, customerFilter: string) => `
    insert into customer_tenant_relation (customer_id, tenant_id, relation_type, is_primary, status, created_at, updated_at)
    select c.id, ${tenant}, ${pickFrom(["service_provider", "partner", "client", "supplier"], "c.id")},
           false, ${pickFrom(["active", "active", "inactive", "terminated"], "c.id / 3")}, c.created_at, c.created_at
      from customer c where ${customerFilter}`;
  // The big tenant: the first 100,000 customers; the small one: 200 spread over the table; each
  // other tenant a few hundred, so the relation table is not the two tenants alone.
  await client.query(relation(String(big), "c.id <= 100000"));
  await client.query(relation(String(small), `c.id % ${Math.max(1, Math.floor(customers / 200))} = 1 order by c.id limit 200`));
  await client.query(`
    insert into customer_tenant_relation (customer_id, tenant_id, relation_type, is_primary, status, created_at, updated_at)
    select c.id, t.id, 'client', false, 'active', now(), now()
      from tenant t join customer c on c.id % 1000 = t.id % 1000 + 3
     where t.code like 'bench-t%' and t.id not in (${big}, ${small})`);

  const passwordHash = await hashPassword("bench-password");
  const keys = { admin: generateApiKey(), big: generateApiKey(), small: generateApiKey() };
  const users: [string, string, number | null, ReturnType<typeof generateApiKey>][] = [
    ["bench-admin", "admin", null, keys.admin],
    ["bench-big-tenant", "tenant_admin", big, keys.big],
    ["bench-small-tenant", "tenant_admin", small, keys.small],
  ];
  for (const [username, role, tenant, key] of users) {
    const user = await client.query<{ id: number }>(
      `insert into app_user (username, password_hash, role, tenant_id, is_active, created_at, updated_at)
       values ($1, $2, $3, $4, true, now(), now()) returning id`,
      [username, passwordHash, role, tenant],
    );
    await client.query("insert into api_key (user_id, prefix, key_hash, created_at) values ($1, $2, $3, now())", [
      user.rows[0]!.id,
      key.prefix,
      key.hash,
    ]);
  }
  log(`seeded in ${((performance.now() - started) / 1000).toFixed(0)} s`);
  return {
    adminKey: keys.admin.key,
    bigTenantKey: keys.big.key,
    smallTenantKey: keys.small.key,
    bigTenantId: big,
    smallTenantId: small,
  };
}

/**
 * The credentials of a seeded database, seeding it first when it is new (`migrateDatabase` brings
 * the schema). The keys are kept in a side table the API never reads: only the bench knows them.
 */
export async function seededDatabase(
  url: string,
  customers: number,
  migrateDatabase: () => Promise<void>,
  log: (line: string) => void,
): Promise<Credentials> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query("create table if not exists bench_seed (version int primary key, customers int, credentials jsonb)");
    const found = await client.query<{ credentials: Credentials; customers: number }>(
      "select credentials, customers from bench_seed where version = $1",
      [SEED_VERSION],
    );
    if (found.rows[0]?.customers === customers) {
      log(`reusing the seeded database (${customers.toLocaleString()} customers)`);
      return found.rows[0].credentials;
    }
    await migrateDatabase();
    if ((await client.query("select 1 from customer limit 1")).rowCount) {
      // bench_<size> belongs to the bench alone: an interrupted or older seed is thrown away.
      log("emptying an older or unfinished seed…");
      await client.query("delete from bench_seed");
      await client.query("truncate customer, tenant, app_user, api_key restart identity cascade");
    }
    log(`seeding ${customers.toLocaleString()} customers…`);
    // All or nothing, so an interrupted seed leaves an empty database that the next run fills.
    await client.query("begin");
    const credentials = await seed(client, customers, log);
    await client.query("insert into bench_seed values ($1, $2, $3)", [SEED_VERSION, customers, credentials]);
    await client.query("commit");
    log("  vacuum analyze…");
    await client.query("vacuum analyze");
    return credentials;
  } finally {
    await client.end();
  }
}
