import type { Faker } from "@faker-js/faker";
import {
  COMPANY_SIZES,
  CUSTOMER_STATUSES,
  FOLLOW_UP_STATUSES,
  GRADES,
  LEAD_SOURCES,
  VALUE_LEVELS,
  type CustomerCreateInput,
  type CustomerIndustry,
} from "@customer-hub/domain";

import { DAY, mobile, person, personalEmail, pinyinOf, seededFaker, spread } from "./faker";

/**
 * Demo customers that look like a Chinese B2B CRM's: company names made of a city, a brand and
 * an industry, unified social credit codes with a valid check character, mobile and landline
 * numbers, pinyin e-mail addresses. Faker's zh_CN data has no registration regions, area codes
 * or company names that match an industry, so those few lists are here.
 */

const CITIES = [
  { name: "北京", address: "北京市海淀区中关村大街", area: "010", region: "110108" },
  { name: "上海", address: "上海市浦东新区张江高科技园区", area: "021", region: "310115" },
  { name: "广州", address: "广州市天河区珠江新城", area: "020", region: "440106" },
  { name: "深圳", address: "深圳市南山区科技园", area: "0755", region: "440305" },
  { name: "杭州", address: "杭州市西湖区文三路", area: "0571", region: "330106" },
  { name: "南京", address: "南京市鼓楼区中山北路", area: "025", region: "320106" },
  { name: "成都", address: "成都市高新区天府大道", area: "028", region: "510107" },
  { name: "武汉", address: "武汉市洪山区光谷大道", area: "027", region: "420111" },
  { name: "苏州", address: "苏州市工业园区星湖街", area: "0512", region: "320571" },
  { name: "西安", address: "西安市雁塔区高新路", area: "029", region: "610113" },
  { name: "天津", address: "天津市滨海新区第三大街", area: "022", region: "120116" },
  { name: "重庆", address: "重庆市渝北区金开大道", area: "023", region: "500112" },
] as const;

const BRANDS = ["华信", "恒通", "瑞丰", "博远", "金桥", "中科", "新元", "汇智", "鼎盛", "天成", "永安", "宏达", "星辰", "蓝海", "云帆", "嘉禾", "远景", "启明", "联创", "安泰"];

const INDUSTRIES: { label: string; industry: CustomerIndustry; suffix: string; scope: string }[] = [
  { label: "信息技术", industry: "information_technology", suffix: "科技有限公司", scope: "软件开发、信息系统集成、技术咨询与技术服务" },
  { label: "金融", industry: "finance", suffix: "投资管理有限公司", scope: "投资管理、资产管理、财务咨询" },
  { label: "制造业", industry: "manufacturing", suffix: "机械制造有限公司", scope: "通用设备制造、机械零部件加工与销售" },
  { label: "零售", industry: "retail", suffix: "商贸有限公司", scope: "日用百货、食品、服装的批发与零售" },
  { label: "医疗健康", industry: "healthcare", suffix: "医疗器械有限公司", scope: "医疗器械研发、生产与销售" },
  { label: "教育", industry: "education", suffix: "教育科技有限公司", scope: "教育软件开发、职业技能培训" },
  { label: "房地产", industry: "real_estate", suffix: "置业有限公司", scope: "房地产开发经营、物业管理" },
  { label: "物流", industry: "logistics", suffix: "供应链管理有限公司", scope: "道路货物运输、仓储服务、供应链管理" },
  { label: "能源", industry: "energy", suffix: "新能源有限公司", scope: "光伏发电设备研发、储能系统集成" },
];

const BANKS = ["中国工商银行", "中国建设银行", "中国银行", "中国农业银行", "招商银行", "交通银行", "浦发银行"];
const CREDIT_RATINGS = ["AAA", "AA", "A", "BBB", "BB"];
const PAYMENT_TERMS = ["预付全款", "货到付款", "月结30天", "月结60天", "季度结算"];
const CAPITALS = ["100万元", "500万元", "1000万元", "2000万元", "5000万元", "1亿元"];
const SOURCES = ["展会", "官网", "客户推荐", "电话营销", "合作伙伴", "行业论坛"];
const NOTES = ["重要客户，每季度回访", "有扩容意向，跟进报价", "年度框架协议客户", null, null];
const REQUIREMENTS = ["需要定期技术支持", "要求开具增值税专用发票", "合同需经法务审核", null, null, null];

const INSTITUTIONS = [
  { name: "上海市浦东新区科技和经济委员会", city: 1, type: "government" },
  { name: "杭州市西湖区人民政府办公室", city: 4, type: "government" },
  { name: "深圳市南山区教育局", city: 3, type: "government" },
  { name: "中国电子商会", city: 0, type: "organization" },
  { name: "上海市软件行业协会", city: 1, type: "organization" },
  { name: "张江创新创业孵化基地", city: 1, type: "other" },
] as const;

const COMPANY_COUNT = 48;
const INDIVIDUAL_COUNT = 6;

/** The sales team: principals of customers and of follow-ups. */
export const SALES_TEAM: readonly string[] = (() => {
  const faker = seededFaker(20250702);
  return faker.helpers.uniqueArray(() => person(faker).name, 5);
})();

/** GB 32100-2015: the 18th character of a unified social credit code checks the first 17. */
const CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCodeCheckChar(first17: string): string {
  const sum = [...first17].reduce((total, char, i) => total + CREDIT_CODE_CHARS.indexOf(char) * CREDIT_CODE_WEIGHTS[i]!, 0);
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

/** What the create procedure takes, and when the customer became one (the API cannot say that). */
export type DemoCustomer = CustomerCreateInput & { created_at: Date };

type City = (typeof CITIES)[number];

const landline = (faker: Faker, city: City) => `${city.area}-${faker.string.numeric(8)}`;
const streetAddress = (faker: Faker, city: City) => `${city.address}${faker.number.int({ min: 1, max: 999 })}号`;
const legacyFields = (faker: Faker) => ({
  lead_source: faker.helpers.arrayElement(LEAD_SOURCES),
  follow_up_status: faker.helpers.arrayElement(FOLLOW_UP_STATUSES),
  principal: faker.helpers.arrayElement(SALES_TEAM),
});

function companies(faker: Faker): CustomerCreateInput[] {
  const sizes = spread(faker, COMPANY_SIZES, [2, 4, 4, 2, 1], COMPANY_COUNT);
  const values = spread(faker, VALUE_LEVELS, [6, 2, 2, 1], COMPANY_COUNT);
  const statuses = spread(faker, CUSTOMER_STATUSES, [7, 1, 2, 1, 1], COMPANY_COUNT);
  const grades = spread(faker, GRADES, [2, 3, 3, 1], COMPANY_COUNT);
  const leadSources = spread(faker, LEAD_SOURCES, [3, 3, 2, 2, 3, 1, 2, 2, 1], COMPANY_COUNT);
  const followUps = spread(faker, FOLLOW_UP_STATUSES, [2, 3, 2, 2, 2, 2, 1], COMPANY_COUNT);
  return Array.from({ length: COMPANY_COUNT }, (_, i) => {
    // Stride through cities, brands and industries so that no two companies share a name.
    const city = CITIES[i % CITIES.length]!;
    const brand = BRANDS[(i * 7) % BRANDS.length]!;
    const industry = INDUSTRIES[i % INDUSTRIES.length]!;
    const contact = person(faker);
    const first17 = `91${city.region}${faker.string.numeric(9)}`;
    const creditCode = `${first17}${creditCodeCheckChar(first17)}`;
    const address = streetAddress(faker, city);
    const domain = `${pinyinOf(brand)}-${pinyinOf(city.name)}.com.cn`;
    return {
      name: `${city.name}${brand}${industry.suffix}`,
      type: "company",
      value_level: values[i],
      status: statuses[i],
      business_license_number: creditCode,
      tax_identification_number: creditCode,
      registered_capital: faker.helpers.arrayElement(CAPITALS),
      legal_representative: person(faker).name,
      registered_address: address,
      business_address: address,
      business_scope: industry.scope,
      industry_type: industry.label,
      company_size: sizes[i],
      establishment_date: faker.date.between({ from: "1998-01-01", to: "2022-12-31" }).toISOString().slice(0, 10),
      website: `https://www.${domain}`,
      primary_contact_name: contact.name,
      primary_contact_phone: mobile(faker),
      primary_contact_email: `${contact.dotted}@${domain}`,
      bank_name: faker.helpers.arrayElement(BANKS),
      bank_account: `62${faker.string.numeric(17)}`,
      credit_rating: faker.helpers.arrayElement(CREDIT_RATINGS),
      payment_terms: faker.helpers.arrayElement(PAYMENT_TERMS),
      special_requirements: faker.helpers.arrayElement(REQUIREMENTS),
      notes: faker.helpers.arrayElement(NOTES),
      source: faker.helpers.arrayElement(SOURCES),
      landline: landline(faker, city),
      mobile_phone: mobile(faker),
      email: `contact@${domain}`,
      grade: grades[i],
      company_details: `${city.name}${industry.label}行业企业，主营${industry.scope}。`,
      lead_source: leadSources[i],
      address,
      customer_industry: industry.industry,
      follow_up_status: followUps[i],
      principal: faker.helpers.arrayElement(SALES_TEAM),
    };
  });
}

function individuals(faker: Faker): CustomerCreateInput[] {
  return Array.from({ length: INDIVIDUAL_COUNT }, () => {
    const someone = person(faker);
    return {
      name: someone.name,
      type: "individual",
      value_level: faker.helpers.arrayElement(["normal", "normal", "vip"] as const),
      status: faker.helpers.arrayElement(["active", "potential"] as const),
      primary_contact_name: someone.name,
      primary_contact_phone: mobile(faker),
      mobile_phone: mobile(faker),
      email: personalEmail(faker, someone),
      address: streetAddress(faker, faker.helpers.arrayElement(CITIES)),
      grade: faker.helpers.arrayElement(["B", "C", "D"] as const),
      source: faker.helpers.arrayElement(SOURCES),
      ...legacyFields(faker),
      customer_industry: "other",
    };
  });
}

function institutions(faker: Faker): CustomerCreateInput[] {
  return INSTITUTIONS.map((entry) => {
    const city = CITIES[entry.city]!;
    return {
      name: entry.name,
      type: entry.type,
      value_level: "important",
      status: "active",
      registered_address: streetAddress(faker, city),
      primary_contact_name: person(faker).name,
      primary_contact_phone: landline(faker, city),
      landline: landline(faker, city),
      customer_industry: entry.type === "government" ? "government" : "other",
      source: faker.helpers.arrayElement(SOURCES),
      ...legacyFields(faker),
    };
  });
}

/** 60 customers: 48 companies, 6 individuals, 6 institutions, created over the last year. */
export function demoCustomers(now: Date = new Date(), seed = 20250703): DemoCustomer[] {
  const faker = seededFaker(seed);
  const all = faker.helpers.shuffle([...companies(faker), ...individuals(faker), ...institutions(faker)]);
  // A few within the last 30 days, so the statistics show some.
  return all.map((customer, i) => ({
    ...customer,
    created_at: new Date(now.getTime() - (i < 8 ? faker.number.float({ min: 0, max: 29 }) : faker.number.float({ min: 30, max: 365 })) * DAY),
  }));
}
