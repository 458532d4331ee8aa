// Converts points to money: participation fee plus points × rate, rounded to cents.

/** The payment part of an experiment file. */
export interface PaymentRule {
  currency: string;
  perPoint: number;
  participationFee: number;
}

export interface Pay {
  currency: string;
  fee: number;
  bonus: number;
  total: number;
}

/** Pay for `points` earned: the fee is always paid; the bonus is points × perPoint (never negative). */
export function payFor(rule: PaymentRule, points: number): Pay {
  const bonus = cents(Math.max(0, points) * rule.perPoint);
  const fee = cents(rule.participationFee);
  return { currency: rule.currency, fee, bonus, total: cents(fee + bonus) };
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The completion URL with `{code}` replaced (URL-encoded). */
export function completionUrl(template: string, code: string): string {
  return template.split("{code}").join(encodeURIComponent(code));
}
