import { digits, pick, type Rng } from "./seed-random";

/** Chinese names with their pinyin, and contact details that look like real ones. */

export const SURNAMES = [
  ["王", "wang"], ["李", "li"], ["张", "zhang"], ["刘", "liu"], ["陈", "chen"], ["杨", "yang"], ["赵", "zhao"], ["黄", "huang"],
  ["周", "zhou"], ["吴", "wu"], ["徐", "xu"], ["孙", "sun"], ["胡", "hu"], ["朱", "zhu"], ["高", "gao"], ["林", "lin"],
] as const;
export const GIVEN_NAMES = [
  ["伟", "wei"], ["芳", "fang"], ["娜", "na"], ["敏", "min"], ["静", "jing"], ["强", "qiang"], ["磊", "lei"], ["洋", "yang"],
  ["艳", "yan"], ["勇", "yong"], ["军", "jun"], ["杰", "jie"], ["婷", "ting"], ["浩然", "haoran"], ["思远", "siyuan"],
  ["子涵", "zihan"], ["雨桐", "yutong"], ["建国", "jianguo"],
] as const;

export type Person = { name: string; pinyin: string; dotted: string };

export const personOf = ([surname, surnamePinyin]: readonly [string, string], [given, givenPinyin]: readonly [string, string]): Person => ({
  name: `${surname}${given}`,
  pinyin: `${surnamePinyin}${givenPinyin}`,
  dotted: `${surnamePinyin}.${givenPinyin}`,
});

export const randomPerson = (rng: Rng) => personOf(pick(rng, SURNAMES), pick(rng, GIVEN_NAMES));

const MOBILE_PREFIXES = ["133", "135", "136", "137", "138", "139", "150", "151", "153", "158", "159", "177", "186", "187", "188", "189"];
export const PERSONAL_MAIL = ["163.com", "126.com", "qq.com", "sina.com", "foxmail.com"];
/** The sales team: principals of customers and of follow-ups. */
export const SALES_REPS = ["李娜", "王强", "陈静", "刘洋", "赵磊"];

export const mobile = (rng: Rng) => {
  const prefix = pick(rng, MOBILE_PREFIXES);
  return `${prefix}${digits(rng, 8)}`;
};
