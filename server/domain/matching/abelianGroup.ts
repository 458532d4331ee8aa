// A finite abelian group Z_a1 × Z_a2 × …, its elements numbered 0..order−1, for designs developed over it.

/** The group with its elements as numbers (mixed radix: the last factor varies fastest). */
export interface AbelianGroup {
  /** The cyclic factors, e.g. [2, 4] for Z_2 × Z_4; [h] is the cyclic group of order h. */
  readonly factors: readonly number[];
  readonly order: number;
  add(a: number, b: number): number;
  /** a − b. */
  sub(a: number, b: number): number;
  neg(a: number): number;
}

/**
 * The group Z_f1 × Z_f2 × … (factors of 1 are dropped; [] or [1] is the trivial group). Throws on factors that are not
 * positive integers, and when `period` is given and the group's order is another.
 */
export function abelianGroup(factors: readonly number[], period?: number): AbelianGroup {
  if (factors.some((f) => !Number.isInteger(f) || f < 1)) throw new Error(`not a group: Z_${factors.join(" × Z_")}`);
  const fs = factors.filter((f) => f > 1);
  const order = fs.reduce((a, f) => a * f, 1);
  if (period !== undefined && order !== period) throw new Error(`Z_${factors.join(" × Z_")} has order ${order}, not the period ${period}`);
  if (fs.length <= 1) {
    return { factors: [order], order, add: (a, b) => (a + b) % order, sub: (a, b) => (a - b + order) % order, neg: (a) => (order - a) % order };
  }
  const digits = (a: number): number[] => {
    const out = new Array<number>(fs.length);
    for (let i = fs.length - 1; i >= 0; i--) {
      out[i] = a % fs[i];
      a = Math.floor(a / fs[i]);
    }
    return out;
  };
  const number = (ds: number[]): number => ds.reduce((a, d, i) => a * fs[i] + d, 0);
  const table = (op: (x: number, y: number, f: number) => number): Int32Array => {
    const t = new Int32Array(order * order);
    for (let a = 0; a < order; a++) {
      const da = digits(a);
      for (let b = 0; b < order; b++) {
        const db = digits(b);
        t[a * order + b] = number(da.map((x, i) => op(x, db[i], fs[i])));
      }
    }
    return t;
  };
  const plus = table((x, y, f) => (x + y) % f);
  const minus = table((x, y, f) => (x - y + f) % f);
  return {
    factors: fs,
    order,
    add: (a, b) => plus[a * order + b],
    sub: (a, b) => minus[a * order + b],
    neg: (a) => minus[a],
  };
}

/**
 * Every abelian group of order h, once each, as factor lists with each factor dividing the next; the cyclic group
 * [h] first, then by more factors (e.g. 8: [8], [2, 4], [2, 2, 2]).
 */
export function abelianGroupsOfOrder(h: number): number[][] {
  const out: number[][] = [];
  const grow = (rest: number, prefix: number[]): void => {
    if (rest === 1) {
      out.push(prefix.length ? prefix : [1]);
      return;
    }
    const last = prefix.length ? prefix[prefix.length - 1] : 1;
    // The next factor is a multiple of the last and divides what is left, and the rest must be a multiple of it.
    for (let f = Math.max(2, last); f <= rest; f += 1) {
      if (f % last === 0 && rest % f === 0 && (rest / f === 1 || (rest / f) % f === 0)) grow(rest / f, [...prefix, f]);
    }
  };
  grow(h, []);
  return out.sort((a, b) => a.length - b.length);
}
