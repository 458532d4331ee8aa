// Finite fields GF(q) for prime powers q: addition and multiplication tables the affine constructions need.

/** A finite field whose elements are the integers 0..q−1 (0 and 1 are the field's zero and one). */
export interface GaloisField {
  q: number;
  /** The characteristic p, where q = p^k. */
  p: number;
  add(a: number, b: number): number;
  sub(a: number, b: number): number;
  mul(a: number, b: number): number;
}

/** Largest field built: a prime power's tables are q × q, and no cohort Cohort schedules needs a bigger one. */
export const MAX_FIELD_ORDER = 256;

/** `{ p, k }` with q = p^k for a prime p, or null when q is not a prime power. */
export function primePower(q: number): { p: number; k: number } | null {
  if (!Number.isInteger(q) || q < 2) return null;
  let p = 2;
  while (p * p <= q && q % p !== 0) p++;
  if (q % p !== 0) p = q; // no divisor up to √q: q is prime
  let k = 0;
  for (let r = q; r > 1; r /= p) {
    if (r % p !== 0) return null;
    k++;
  }
  return { p, k };
}

const cache = new Map<number, GaloisField | null>();

/** GF(q), or null when q is not a prime power or exceeds MAX_FIELD_ORDER. Built once per q. */
export function galoisField(q: number): GaloisField | null {
  if (!cache.has(q)) cache.set(q, build(q));
  return cache.get(q)!;
}

function build(q: number): GaloisField | null {
  const pk = primePower(q);
  if (!pk || q > MAX_FIELD_ORDER) return null;
  const { p, k } = pk;
  if (k === 1) return { q, p, add: (a, b) => (a + b) % p, sub: (a, b) => (a - b + p) % p, mul: (a, b) => (a * b) % p };
  // Elements are polynomials over Z_p of degree < k, stored as base-p digits (constant term first).
  const digit = (a: number, i: number): number => Math.floor(a / p ** i) % p;
  const addTable = new Uint16Array(q * q);
  const subTable = new Uint16Array(q * q);
  for (let a = 0; a < q; a++) {
    for (let b = 0; b < q; b++) {
      let sum = 0, diff = 0;
      for (let i = 0; i < k; i++) {
        sum += ((digit(a, i) + digit(b, i)) % p) * p ** i;
        diff += ((digit(a, i) - digit(b, i) + p) % p) * p ** i;
      }
      addTable[a * q + b] = sum;
      subTable[a * q + b] = diff;
    }
  }
  const add = (a: number, b: number): number => addTable[a * q + b];
  // s·e for a scalar s in Z_p: repeated addition keeps this free of digit arithmetic.
  const scale = (s: number, e: number): number => {
    let r = 0;
    for (let i = 0; i < s; i++) r = add(r, e);
    return r;
  };
  // Try monic moduli x^k + c(x) in turn; the first under which no two non-zero elements multiply to zero is
  // irreducible, which makes the quotient ring a field. Small q only, so trying them in order is cheap and plainly right.
  for (let c = 0; c < q; c++) {
    if (digit(c, 0) === 0) continue; // x would divide x^k + c(x)
    // a·x: shift the digits up one place, then replace x^k by −c(x).
    const timesX = (a: number): number => {
      const top = digit(a, k - 1);
      const shifted = (a - top * p ** (k - 1)) * p;
      return top === 0 ? shifted : subTable[shifted * q + scale(top, c)];
    };
    const mulTable = new Uint16Array(q * q);
    for (let a = 0; a < q; a++) {
      const powers = [a];
      for (let i = 1; i < k; i++) powers.push(timesX(powers[i - 1]));
      for (let b = 0; b < q; b++) {
        let r = 0;
        for (let i = 0; i < k; i++) r = add(r, scale(digit(b, i), powers[i]));
        mulTable[a * q + b] = r;
      }
    }
    if (isField(mulTable, q)) {
      return { q, p, add, sub: (a, b) => subTable[a * q + b], mul: (a, b) => mulTable[a * q + b] };
    }
  }
  return null;
}

function isField(mul: Uint16Array, q: number): boolean {
  for (let a = 1; a < q; a++) for (let b = 1; b < q; b++) if (mul[a * q + b] === 0) return false;
  return true;
}

/** a^e in f, by repeated multiplication (fields here are small). */
export function fieldPower(f: GaloisField, a: number, e: number): number {
  let r = 1;
  for (let i = 0; i < e; i++) r = f.mul(r, a);
  return r;
}

/** A generator of GF(q)*: the first element whose powers reach every non-zero element (1 for GF(2)). */
export function primitiveElement(f: GaloisField): number {
  for (let a = 2; a < f.q; a++) {
    let order = 1;
    for (let x = a; x !== 1; x = f.mul(x, a)) order++;
    if (order === f.q - 1) return a;
  }
  return 1; // GF(2); for q ≥ 3 GF(q)* is cyclic, so a generator exists
}
