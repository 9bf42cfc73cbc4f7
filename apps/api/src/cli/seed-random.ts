/**
 * The seeded randomness behind the demo data: every run of `pnpm cli seed` makes the same rows,
 * so a demo can be described and reproduced. Each generator takes its own seed, so changing one
 * table's data leaves the others as they were.
 */

export type Rng = () => number;

/** mulberry32: tiny, fast, good enough to vary demo data. */
export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export const pick = <T>(rng: Rng, items: readonly T[]): T => items[Math.floor(rng() * items.length)]!;
export const digits = (rng: Rng, count: number) => Array.from({ length: count }, () => Math.floor(rng() * 10)).join("");
/** An integer in [min, max]. */
export const between = (rng: Rng, min: number, max: number) => min + Math.floor(rng() * (max - min + 1));

export function shuffle<T>(rng: Rng, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}

/** `count` values in which every value appears at least once and the rest follow `weights`. */
export function spread<T extends string>(rng: Rng, values: readonly T[], weights: readonly number[], count: number): T[] {
  const total = weights.reduce((sum, weight) => sum + weight, 0);
  const result: T[] = [...values];
  while (result.length < count) {
    let roll = rng() * total;
    const index = weights.findIndex((weight) => (roll -= weight) < 0);
    result.push(values[index === -1 ? values.length - 1 : index]!);
  }
  return shuffle(rng, result);
}

export const DAY = 24 * 3600 * 1000;

/** `YYYY-MM-DD` of an instant, in UTC like every date the API answers. */
export const isoDay = (instant: Date) => instant.toISOString().slice(0, 10);
