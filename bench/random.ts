/** A small seeded PRNG and the distributions the generator draws from. Same seed, same data. */

export type Random = () => number;

/** mulberry32: 32-bit state, good enough for test data and fully deterministic. */
export function mulberry32(seed: number): Random {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function int(random: Random, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

export function pick<T>(random: Random, items: readonly T[]): T {
  return items[Math.floor(random() * items.length)];
}

export function chance(random: Random, probability: number): boolean {
  return random() < probability;
}

export function shuffle<T>(random: Random, items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/** Standard normal, Box-Muller. */
export function normal(random: Random): number {
  const u = 1 - random();
  const v = random();
  return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
}

/**
 * Zipf-like sampler over items in rank order: item k (from 1) is drawn with weight 1 / k^s. A
 * few items come up far more often than the long tail.
 */
export class Zipf<T> {
  private readonly cumulative: Float64Array;
  constructor(
    readonly items: readonly T[],
    exponent: number,
  ) {
    if (items.length === 0) throw new Error('Zipf over no items');
    this.cumulative = new Float64Array(items.length);
    let total = 0;
    for (let k = 0; k < items.length; k++) {
      total += 1 / Math.pow(k + 1, exponent);
      this.cumulative[k] = total;
    }
    for (let k = 0; k < items.length; k++) this.cumulative[k] /= total;
  }

  sample(random: Random): T {
    const target = random();
    let low = 0;
    let high = this.cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if (this.cumulative[middle] < target) low = middle + 1;
      else high = middle;
    }
    return this.items[low];
  }

  /** n distinct items (n is capped at the number of items). */
  sampleDistinct(random: Random, n: number): T[] {
    const wanted = Math.min(n, this.items.length);
    const chosen = new Set<T>();
    let attempts = 0;
    while (chosen.size < wanted && attempts < wanted * 50) {
      chosen.add(this.sample(random));
      attempts++;
    }
    // A very skewed distribution may need help to find the last few: walk the tail in order.
    for (const item of this.items) {
      if (chosen.size >= wanted) break;
      chosen.add(item);
    }
    return [...chosen];
  }
}
