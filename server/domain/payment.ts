// Converts points to money: participation fee, points × rate, and a bonus for time spent waiting, rounded to cents.

/** The payment part of an experiment file. */
export interface PaymentRule {
  currency: string;
  perPoint: number;
  participationFee: number;
  /** Money per minute spent waiting in the lobby (standby included). Default 0. */
  waitingBonusPerMinute?: number;
}

export interface Pay {
  currency: string;
  fee: number;
  bonus: number;
  /** For time spent waiting for a group. */
  waiting: number;
  total: number;
}

/**
 * Pay for `points` earned after waiting `waitedMs` for a group: the fee is always paid; the bonus is
 * points × perPoint (never negative); the waiting bonus is minutes waited × waitingBonusPerMinute.
 */
export function payFor(rule: PaymentRule, points: number, waitedMs = 0): Pay {
  const bonus = cents(Math.max(0, points) * rule.perPoint);
  const fee = cents(rule.participationFee);
  const waiting = cents((Math.max(0, waitedMs) / 60_000) * (rule.waitingBonusPerMinute ?? 0));
  return { currency: rule.currency, fee, bonus, waiting, total: cents(fee + bonus + waiting) };
}

/** How long a participant waited for a group: from entering the lobby until grouped, or until they left it. */
export function waitedMs(p: { lobbyEnteredAt: number | null; groupedAt: number | null; completedAt: number | null }): number {
  if (p.lobbyEnteredAt === null) return 0;
  const end = p.groupedAt ?? p.completedAt;
  return end === null ? 0 : Math.max(0, end - p.lobbyEnteredAt);
}

function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The completion URL with `{code}` replaced (URL-encoded). */
export function completionUrl(template: string, code: string): string {
  return template.split("{code}").join(encodeURIComponent(code));
}
