/**
 * Examples for the OpenAPI document, taken from the seeds (001–004). Request examples must be
 * bodies the server accepts as they stand (Swagger UI's "Try it out" sends them unchanged), so a
 * test posts each one; response examples are what the server would answer to them.
 */

const CREATED_AT = "2025-07-03T09:51:20.456Z";
const UPDATED_AT = "2025-07-03T09:51:20.456Z";

export const customerCreateExample = {
  name: "上海普全公司",
  type: "company",
  value_level: "vip",
  status: "active",
  business_license_number: "91310115MA1K4LXQ2B",
  tax_identification_number: "91310115MA1K4LXQ2B",
  registered_capital: "1000万元",
  legal_representative: "张三",
  registered_address: "上海市浦东新区张江高科技园区",
  business_address: "上海市浦东新区张江高科技园区",
  business_scope: "软件开发、技术咨询、技术服务",
  industry_type: "信息技术",
  company_size: "medium",
  establishment_date: "2010-01-01",
  website: "http://www.example.com",
  primary_contact_name: "张三",
  primary_contact_phone: "13800138000",
  primary_contact_email: "zhangsan@example.com",
  bank_name: "中国银行",
  bank_account: "6222020000123456789",
  credit_rating: "A",
  payment_terms: "月结30天",
  special_requirements: "需要定期技术支持",
  notes: "重要客户",
  source: "展会",
} as const;

/** PUT and PATCH: no licence number, so trying it on another customer cannot clash. */
export const customerUpdateExample = {
  name: "上海普全信息科技有限公司",
  type: "company",
  value_level: "important",
  status: "active",
  industry_type: "信息技术",
  company_size: "large",
  website: "https://www.example.com",
  notes: "年度框架协议客户",
} as const;

const customerRestDefaults = {
  landline: null,
  mobile_phone: null,
  email: null,
  grade: null,
  company_details: null,
  lead_source: null,
  address: null,
  customer_industry: null,
  follow_up_status: null,
  principal: null,
};

export const customerExample = {
  id: 1,
  ...customerCreateExample,
  ...customerRestDefaults,
  created_at: CREATED_AT,
  updated_at: UPDATED_AT,
  created_by: "admin",
  updated_by: "admin",
};

export const customerBulkCreateExample = {
  customers: [
    { name: "北京华信科技有限公司", type: "company", value_level: "normal", status: "active", industry_type: "信息技术", email: "contact@huaxin.example.com" },
    { name: "李四", type: "individual", value_level: "vip", status: "potential", industry_type: "零售", email: "lisi@example.com" },
  ],
} as const;

export const customerBulkUpdateExample = {
  customers: [
    { id: 1, value_level: "svip" },
    { id: 2, status: "inactive", notes: "暂停合作" },
  ],
} as const;

export const customerBulkDeleteExample = { ids: [1, 2] } as const;

export const customerStatisticsExample = {
  total_count: 3,
  active_count: 2,
  inactive_count: 1,
  by_type: { company: 2, individual: 1 },
  by_value_level: { vip: 1, normal: 2 },
  by_status: { active: 2, inactive: 1 },
  by_company_size: { medium: 2 },
  by_grade: { A: 1 },
  by_follow_up_status: { initial_contact: 1 },
  created_last_30_days: 1,
};

export const customerSummaryExample = { id: 1, name: "上海普全公司" };

export const memberCreateExample = { username: "zhangsan", name: "张三", phone: "13800138000", email: "zhangsan@example.com" } as const;
export const memberUpdateExample = { username: "zhangsan", name: "张三", phone: "13800138001", email: "zhangsan@example.com" } as const;
export const memberExample = { id: 1, ...memberCreateExample, created_at: CREATED_AT, updated_at: UPDATED_AT };
export const memberSummaryExample = { id: 1, ...memberCreateExample };

export const tenantCreateExample = { name: "华东分公司", code: "east_china" } as const;
export const tenantUpdateExample = { name: "华东分公司（上海）", code: "east_china" } as const;
export const tenantExample = { id: 1, ...tenantCreateExample, created_at: CREATED_AT, updated_at: UPDATED_AT };
export const tenantSummaryExample = { id: 1, ...tenantCreateExample };

/** The ids are the first customer and member of a fresh database; the test creates them first. */
export const memberRelationCreateExample = {
  customer_id: 1,
  member_id: 1,
  role: "decision_maker",
  position: "总经理",
  is_primary: true,
  notes: "主要决策人",
} as const;
export const memberRelationUpdateExample = { role: "business_contact", position: "销售总监", is_primary: false, notes: "商务对接人" } as const;
export const memberRelationListItemExample = {
  id: 1,
  customer: customerSummaryExample,
  member: memberSummaryExample,
  role: "decision_maker",
  position: "总经理",
  is_primary: true,
  notes: "主要决策人",
  created_at: CREATED_AT,
};
export const memberRelationExample = { ...memberRelationListItemExample, updated_at: UPDATED_AT, created_by: "admin", updated_by: "admin" };

export const tenantRelationCreateExample = {
  customer_id: 1,
  tenant_id: 1,
  relation_type: "service_provider",
  is_primary: true,
  start_date: "2025-01-01",
  end_date: "2025-12-31",
  status: "active",
  notes: "主要服务提供商",
} as const;
export const tenantRelationUpdateExample = {
  relation_type: "partner",
  is_primary: false,
  start_date: "2025-01-01",
  end_date: "2026-06-30",
  status: "active",
  notes: "合作伙伴",
} as const;
const tenantRelationFields = {
  relation_type: "service_provider",
  is_primary: true,
  start_date: "2025-01-01",
  end_date: "2025-12-31",
  status: "active",
  notes: "主要服务提供商",
} as const;
export const tenantRelationListItemExample = {
  id: 1,
  customer: customerSummaryExample,
  tenant: tenantSummaryExample,
  ...tenantRelationFields,
  created_at: CREATED_AT,
};
export const tenantRelationExample = { ...tenantRelationListItemExample, updated_at: UPDATED_AT, created_by: "admin", updated_by: "admin" };

export const tenantViewRelationExample = { id: 1, ...tenantRelationFields, created_at: CREATED_AT };
export const tenantViewCustomerExample = {
  id: 1,
  name: customerCreateExample.name,
  type: "company",
  value_level: "vip",
  status: "active",
  primary_contact_name: "张三",
  primary_contact_phone: "13800138000",
  industry_type: "信息技术",
  company_size: "medium",
  created_at: CREATED_AT,
  relation: tenantViewRelationExample,
};
const { landline: _l, mobile_phone: _m, email: _e, grade: _g, company_details: _c, lead_source: _s, address: _a,
  customer_industry: _i, follow_up_status: _f, principal: _p, created_by: _cb, updated_by: _ub, ...tenantViewDetailFields } = customerExample;
export const tenantViewCustomerDetailExample = {
  ...tenantViewDetailFields,
  relation: { ...tenantViewRelationExample, updated_at: UPDATED_AT },
};
export const tenantViewStatisticsExample = {
  total_count: 3,
  active_count: 2,
  inactive_count: 1,
  by_type: { company: 2, individual: 1 },
  by_value_level: { vip: 1, normal: 2 },
  by_relation_type: { service_provider: 2, partner: 1 },
  by_relation_status: { active: 2, inactive: 1 },
};

export const followUpCreateExample = {
  title: "初次联系",
  time: "2025-07-03T09:30:00Z",
  principal: "王芳",
  content: "电话问候客户并介绍公司产品。",
  next_time: "2025-07-10T14:00:00Z",
} as const;
export const followUpExample = {
  id: 1,
  customer: customerSummaryExample,
  title: "初次联系",
  time: "2025-07-03T09:30:00.000Z",
  principal: "王芳",
  content: "电话问候客户并介绍公司产品。",
  next_time: "2025-07-10T14:00:00.000Z",
  created_by: "admin",
  created_at: CREATED_AT,
};

export const legacyCustomerCreateExample = {
  name: "深圳云帆科技有限公司",
  landline: "0755-86001234",
  email: "contact@yunfan.example.com",
  mobile_phone: "13912345678",
  customer_type: "A",
  company_details: "专注于企业级云服务的高新技术企业",
  lead_source: "referral",
  address: "深圳市南山区科技园",
  customer_industry: "information_technology",
  follow_up_status: "initial_contact",
  principal: "王芳",
} as const;
export const legacyCustomerUpdateExample = { id: 1, ...legacyCustomerCreateExample, follow_up_status: "proposal" } as const;
export const legacyCustomerExample = { id: "1", ...legacyCustomerCreateExample };
export const legacyFollowUpCreateExample = { customer_id: 1, ...followUpCreateExample } as const;
export const legacyFollowUpExample = {
  title: "初次联系",
  time: "2025-07-03T09:30:00.000Z",
  principal: "王芳",
  customer: legacyCustomerCreateExample.name,
  content: "电话问候客户并介绍公司产品。",
  next_time: "2025-07-10T14:00:00.000Z",
};

export const tokenObtainExample = { username: "admin", password: "admin-password" } as const;
export const tokenPairExample = {
  access: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.c2lnbmF0dXJl",
  refresh: "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIiwidHlwIjoicmVmcmVzaCJ9.c2lnbmF0dXJl",
  token_type: "Bearer",
  expires_in: 3600,
} as const;

/** A page of one item, as the seeds show lists. */
export const pageExample = <T>(item: T) => ({
  pagination: { count: 1, next: null, previous: null, page_size: 10, current_page: 1, total_pages: 1, count_exact: true },
  results: [item],
});
