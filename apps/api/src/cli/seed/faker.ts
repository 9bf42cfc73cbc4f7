import { base, Faker, zh_CN } from "@faker-js/faker";
import { pinyin } from "pinyin-pro";

/**
 * The randomness behind the demo data: a faker for zh_CN with a fixed seed, so every run of
 * `pnpm cli seed` makes the same rows (faker is pinned to one version for the same reason). Each
 * table's generator takes its own seed, so changing one table's data leaves the others as they were.
 */
export function seededFaker(seed: number): Faker {
  const faker = new Faker({ locale: [zh_CN, base] });
  faker.seed(seed);
  return faker;
}

export const DAY = 24 * 3600 * 1000;

/** `YYYY-MM-DD` of an instant, in UTC like every date the API answers. */
export const isoDay = (instant: Date) => instant.toISOString().slice(0, 10);

/** Lower-case toneless pinyin, `ü` as `v`, for usernames, e-mail addresses and domains. */
export const pinyinOf = (text: string, separator = "") =>
  pinyin(text, { toneType: "none", separator, surname: "head", v: true, nonZh: "removed" }).replace(/\s+/g, separator);

export type Person = { name: string; pinyin: string; dotted: string };

/** A Chinese name from faker's zh_CN data, with its pinyin (`zhangwei`, `zhang.wei`). */
export function person(faker: Faker): Person {
  const surname = faker.person.lastName();
  const given = faker.person.firstName();
  return { name: `${surname}${given}`, pinyin: `${pinyinOf(surname)}${pinyinOf(given)}`, dotted: `${pinyinOf(surname)}.${pinyinOf(given)}` };
}

/** A mainland mobile number (1[3-9] and nine digits); faker's zh_CN format also makes impossible ones. */
export const mobile = (faker: Faker) => faker.helpers.fromRegExp(/1[3-9][0-9]{9}/);

/** `name@` one of the free mail providers faker knows for China. */
export const personalEmail = (faker: Faker, someone: Person) =>
  `${someone.pinyin}${faker.string.numeric(2)}@${faker.helpers.arrayElement(faker.definitions.internet.free_email)}`;

/** `count` values in which every value appears at least once and the rest follow `weights`. */
export function spread<T>(faker: Faker, values: readonly T[], weights: readonly number[], count: number): T[] {
  const weighted = values.map((value, index) => ({ value, weight: weights[index]! }));
  const rest = faker.helpers.multiple(() => faker.helpers.weightedArrayElement(weighted), { count: count - values.length });
  return faker.helpers.shuffle([...values, ...rest]);
}

/** `counts` spelled out: `{2: 3, 1: 1}` → a shuffled [2, 2, 2, 1]; fixed totals, random placement. */
export const shuffledCounts = (faker: Faker, counts: Record<number, number>) =>
  faker.helpers.shuffle(Object.entries(counts).flatMap(([value, times]) => Array<number>(times).fill(Number(value))));
