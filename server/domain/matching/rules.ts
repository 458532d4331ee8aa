// Named grouping rules an experiment file can select (`matching.rule`), and where researchers register their own.
import { byArrival, type Waiting } from "./arrival.js";
import type { GroupRule } from "./quotas.js";

/** What every rule in the file names: the rule and the participant attribute it reads (asked before the lobby). */
export interface RuleSettings {
  /** A key of GROUP_RULES. */
  name: string;
  /** The attribute the rule reads, e.g. "language"; set from the entry link or the question before the lobby. */
  attribute: string;
}

/**
 * The rules a file may name. Each turns the file's settings into a GroupRule (see quotas.ts): given the active
 * waiting participants of one treatment in arrival order, the ids of one group to form now, or null to wait.
 * To add a design, add an entry here and its settings to `ruleConfig` in experiment/matching.ts; the checker
 * then accepts the name and `groupWaiting` checks every group the rule returns.
 */
export const GROUP_RULES: Record<string, (settings: RuleSettings) => GroupRule> = {
  /** Everyone in a group shares the attribute's value (e.g. one language per chat group); earliest full group first. */
  sameCategory: ({ attribute }) => (waiting, groupSize) => {
    const byValue = new Map<string, Waiting[]>();
    let best: Waiting[] | null = null;
    // Walking in arrival order, the first category to reach groupSize members is the one whose group fills earliest.
    for (const w of [...waiting].sort(byArrival)) {
      const value = w.attributes?.[attribute];
      if (value === undefined) continue;
      const members = byValue.get(value) ?? [];
      members.push(w);
      byValue.set(value, members);
      if (members.length === groupSize) {
        best = members;
        break;
      }
    }
    return best?.map((w) => w.id) ?? null;
  },
  /** Everyone in a group has a different value (e.g. one per country); earliest arrivals first, greedily. */
  mixedCategories: ({ attribute }) => (waiting, groupSize) => {
    const seen = new Set<string>();
    const group: string[] = [];
    for (const w of [...waiting].sort(byArrival)) {
      const value = w.attributes?.[attribute];
      if (value === undefined || seen.has(value)) continue;
      seen.add(value);
      group.push(w.id);
      if (group.length === groupSize) return group;
    }
    return null;
  },
};

/** The rule a file names, ready for groupWaiting; throws on a name the checker would have refused. */
export function groupRule(settings: RuleSettings): GroupRule {
  const make = GROUP_RULES[settings.name];
  if (!make) throw new Error(`No grouping rule "${settings.name}"; known: ${Object.keys(GROUP_RULES).join(", ")}.`);
  return make(settings);
}
