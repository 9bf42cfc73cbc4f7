import type { Faker } from "@faker-js/faker";

import { SALES_TEAM, type DemoCustomer } from "./customers";
import { DAY, seededFaker, shuffledCounts } from "./faker";

/**
 * Demo follow-up logs: for some customers, the first 2–4 steps of a sale, dated between the
 * customer's creation and now, each planning the next contact.
 */

export type DemoFollowUp = {
  customer: number;
  title: string;
  time: Date;
  principal: string;
  content: string;
  next_time: Date;
};

/** How many customers have a log of 2, 3 and 4 steps (20 customers, 62 entries). */
const STEPS_PER_CUSTOMER = { 2: 4, 3: 10, 4: 6 };

const STEPS = [
  { title: "初次接触", content: "电话联系客户，介绍公司及主要产品，客户表示有兴趣进一步了解。" },
  { title: "需求调研", content: "上门拜访，了解客户现有系统和业务痛点，整理出需求清单。" },
  { title: "产品演示", content: "安排线上产品演示，展示核心功能与成功案例，客户技术负责人参加。" },
  { title: "方案报价", content: "提交解决方案与报价单，客户将于下周内部评审。" },
];

const QUARTER_HOUR = 15 * 60 * 1000;
/** A quarter hour of a working day in China (09:00–17:45 at UTC+8) on the UTC day of `instant`. */
const duringOfficeHours = (faker: Faker, instant: number) =>
  new Date(Math.floor(instant / DAY) * DAY + faker.number.int({ min: 4, max: 39 }) * QUARTER_HOUR);

export function demoFollowUps(customers: readonly DemoCustomer[], now: Date = new Date(), seed = 20250707): DemoFollowUp[] {
  const faker = seededFaker(seed);
  const steps = shuffledCounts(faker, STEPS_PER_CUSTOMER);
  // Customers known for a month at least, so that their log has room for several steps.
  const candidates = customers.flatMap((customer, index) => (now.getTime() - customer.created_at.getTime() >= 30 * DAY ? [index] : []));
  const followed = faker.helpers.arrayElements(candidates, steps.length).sort((a, b) => a - b);

  return followed.flatMap((index, f) => {
    const customer = customers[index]!;
    const principal = customer.principal ?? faker.helpers.arrayElement(SALES_TEAM);
    // From the day after the customer was created to the day before today, so every time is past.
    const from = customer.created_at.getTime() + DAY;
    const to = now.getTime() - DAY;
    const times = Array.from({ length: steps[f]! }, () => duringOfficeHours(faker, faker.number.int({ min: from, max: to }))).sort(
      (a, b) => a.getTime() - b.getTime(),
    );
    return times.map((time, step) => ({
      customer: index,
      ...STEPS[step]!,
      time,
      principal,
      // Each contact plans the next one; the last plans one within the next three weeks.
      next_time: times[step + 1] ?? duringOfficeHours(faker, now.getTime() + faker.number.int({ min: 3, max: 21 }) * DAY),
    }));
  });
}
