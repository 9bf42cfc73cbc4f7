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

import { mobile, PERSONAL_MAIL, randomPerson, SALES_REPS } from "./seed-people";
import { createRng, DAY, digits, pick, shuffle, spread } from "./seed-random";

/**
 * Demo customers that look like a Chinese B2B CRM's: company names, unified social credit codes
 * with a valid check character, mobile and landline numbers, pinyin e-mail addresses.
 */

const CITIES = [
  { name: "北京", pinyin: "beijing", address: "北京市海淀区中关村大街", area: "010", region: "110108" },
  { name: "上海", pinyin: "shanghai", address: "上海市浦东新区张江高科技园区", area: "021", region: "310115" },
  { name: "广州", pinyin: "guangzhou", address: "广州市天河区珠江新城", area: "020", region: "440106" },
  { name: "深圳", pinyin: "shenzhen", address: "深圳市南山区科技园", area: "0755", region: "440305" },
  { name: "杭州", pinyin: "hangzhou", address: "杭州市西湖区文三路", area: "0571", region: "330106" },
  { name: "南京", pinyin: "nanjing", address: "南京市鼓楼区中山北路", area: "025", region: "320106" },
  { name: "成都", pinyin: "chengdu", address: "成都市高新区天府大道", area: "028", region: "510107" },
  { name: "武汉", pinyin: "wuhan", address: "武汉市洪山区光谷大道", area: "027", region: "420111" },
  { name: "苏州", pinyin: "suzhou", address: "苏州市工业园区星湖街", area: "0512", region: "320571" },
  { name: "西安", pinyin: "xian", address: "西安市雁塔区高新路", area: "029", region: "610113" },
  { name: "天津", pinyin: "tianjin", address: "天津市滨海新区第三大街", area: "022", region: "120116" },
  { name: "重庆", pinyin: "chongqing", address: "重庆市渝北区金开大道", area: "023", region: "500112" },
] as const;

const BRANDS = [
  ["华信", "huaxin"], ["恒通", "hengtong"], ["瑞丰", "ruifeng"], ["博远", "boyuan"], ["金桥", "jinqiao"],
  ["中科", "zhongke"], ["新元", "xinyuan"], ["汇智", "huizhi"], ["鼎盛", "dingsheng"], ["天成", "tiancheng"],
  ["永安", "yongan"], ["宏达", "hongda"], ["星辰", "xingchen"], ["蓝海", "lanhai"], ["云帆", "yunfan"],
  ["嘉禾", "jiahe"], ["远景", "yuanjing"], ["启明", "qiming"], ["联创", "lianchuang"], ["安泰", "antai"],
] as const;

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

const GOVERNMENTS = [
  { name: "上海市浦东新区科技和经济委员会", city: 1 },
  { name: "杭州市西湖区人民政府办公室", city: 4 },
  { name: "深圳市南山区教育局", city: 3 },
];
const ORGANIZATIONS = [
  { name: "中国电子商会", city: 0 },
  { name: "上海市软件行业协会", city: 1 },
];
const OTHERS = [{ name: "张江创新创业孵化基地", city: 1 }];

const COMPANY_COUNT = 48;
const INDIVIDUAL_COUNT = 6;

/** GB 32100-2015: the 18th character of a unified social credit code checks the first 17. */
const CREDIT_CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY";
const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28];
export function creditCodeCheckChar(first17: string): string {
  const sum = [...first17].reduce((total, char, i) => total + CREDIT_CODE_CHARS.indexOf(char) * CREDIT_CODE_WEIGHTS[i]!, 0);
  return CREDIT_CODE_CHARS[(31 - (sum % 31)) % 31]!;
}

export type DemoCustomer = CustomerCreateInput & { created_at: Date };

export function demoCustomers(now: Date = new Date(), seed = 20250703): DemoCustomer[] {
  const rng = createRng(seed);
  const person = () => randomPerson(rng);
  const landline = (area: string) => `${area}-${digits(rng, 8)}`;
  const date = (fromYear: number, toYear: number) => {
    const year = fromYear + Math.floor(rng() * (toYear - fromYear + 1));
    const month = 1 + Math.floor(rng() * 12);
    const day = 1 + Math.floor(rng() * 28);
    return `${year}-${String(month).padStart(2, "0")}-${String(day).padStart(2, "0")}`;
  };
  const legacy = () => ({ lead_source: pick(rng, LEAD_SOURCES), follow_up_status: pick(rng, FOLLOW_UP_STATUSES), principal: pick(rng, SALES_REPS) });

  const companies: CustomerCreateInput[] = [];
  const sizes = spread(rng, COMPANY_SIZES, [2, 4, 4, 2, 1], COMPANY_COUNT);
  const values = spread(rng, VALUE_LEVELS, [6, 2, 2, 1], COMPANY_COUNT);
  const statuses = spread(rng, CUSTOMER_STATUSES, [7, 1, 2, 1, 1], COMPANY_COUNT);
  const grades = spread(rng, GRADES, [2, 3, 3, 1], COMPANY_COUNT);
  const leadSources = spread(rng, LEAD_SOURCES, [3, 3, 2, 2, 3, 1, 2, 2, 1], COMPANY_COUNT);
  const followUps = spread(rng, FOLLOW_UP_STATUSES, [2, 3, 2, 2, 2, 2, 1], COMPANY_COUNT);
  for (let i = 0; i < COMPANY_COUNT; i++) {
    // Stride through brands and industries so that no two companies share a name.
    const city = CITIES[i % CITIES.length]!;
    const [brand, brandPinyin] = BRANDS[(i * 7) % BRANDS.length]!;
    const industry = INDUSTRIES[i % INDUSTRIES.length]!;
    const contact = person();
    const first17 = `91${city.region}${digits(rng, 9)}`;
    const creditCode = `${first17}${creditCodeCheckChar(first17)}`;
    const address = `${city.address}${1 + Math.floor(rng() * 999)}号`;
    const domain = `${brandPinyin}-${city.pinyin}.com.cn`;
    companies.push({
      name: `${city.name}${brand}${industry.suffix}`,
      type: "company",
      value_level: values[i],
      status: statuses[i],
      business_license_number: creditCode,
      tax_identification_number: creditCode,
      registered_capital: pick(rng, CAPITALS),
      legal_representative: person().name,
      registered_address: address,
      business_address: address,
      business_scope: industry.scope,
      industry_type: industry.label,
      company_size: sizes[i],
      establishment_date: date(1998, 2022),
      website: `https://www.${domain}`,
      primary_contact_name: contact.name,
      primary_contact_phone: mobile(rng),
      primary_contact_email: `${contact.dotted}@${domain}`,
      bank_name: pick(rng, BANKS),
      bank_account: `62${digits(rng, 17)}`,
      credit_rating: pick(rng, CREDIT_RATINGS),
      payment_terms: pick(rng, PAYMENT_TERMS),
      special_requirements: pick(rng, REQUIREMENTS),
      notes: pick(rng, NOTES),
      source: pick(rng, SOURCES),
      landline: landline(city.area),
      mobile_phone: mobile(rng),
      email: `contact@${domain}`,
      grade: grades[i],
      company_details: `${city.name}${industry.label}行业企业，主营${industry.scope}。`,
      lead_source: leadSources[i],
      address,
      customer_industry: industry.industry,
      follow_up_status: followUps[i],
      principal: pick(rng, SALES_REPS),
    });
  }

  const individuals: CustomerCreateInput[] = Array.from({ length: INDIVIDUAL_COUNT }, () => {
    const someone = person();
    const city = pick(rng, CITIES);
    return {
      name: someone.name,
      type: "individual",
      value_level: pick(rng, ["normal", "normal", "vip"] as const),
      status: pick(rng, ["active", "potential"] as const),
      primary_contact_name: someone.name,
      primary_contact_phone: mobile(rng),
      mobile_phone: mobile(rng),
      email: `${someone.pinyin}${digits(rng, 2)}@${pick(rng, PERSONAL_MAIL)}`,
      address: `${city.address}${1 + Math.floor(rng() * 999)}号`,
      grade: pick(rng, ["B", "C", "D"] as const),
      source: pick(rng, SOURCES),
      ...legacy(),
      customer_industry: "other",
    };
  });

  const institution = (entry: { name: string; city: number }, type: "government" | "organization" | "other") => {
    const city = CITIES[entry.city]!;
    const contact = person();
    return {
      name: entry.name,
      type,
      value_level: "important",
      status: "active",
      registered_address: `${city.address}${1 + Math.floor(rng() * 999)}号`,
      primary_contact_name: contact.name,
      primary_contact_phone: landline(city.area),
      landline: landline(city.area),
      customer_industry: type === "government" ? "government" : "other",
      source: pick(rng, SOURCES),
      ...legacy(),
    } satisfies CustomerCreateInput;
  };

  const all = [
    ...companies,
    ...individuals,
    ...GOVERNMENTS.map((entry) => institution(entry, "government")),
    ...ORGANIZATIONS.map((entry) => institution(entry, "organization")),
    ...OTHERS.map((entry) => institution(entry, "other")),
  ];
  // Creation dates over the last year, a few within the last 30 days so the statistics show some.
  return shuffle(rng, all).map((customer, i) => ({
    ...customer,
    created_at: new Date(now.getTime() - (i < 8 ? rng() * 29 : 30 + rng() * 335) * DAY),
  }));
}
