// The stranger search's working state: seatings per round, pair meeting counts, conflicts, tabu list.
import type { Rng } from "../rng.js";
import { ConflictSet, descend } from "./tabu.js";

/** Non-improving steps tolerated before a few random swaps shake the search out of a plateau. */
const STALL_STEPS = 3_000;
const TABU_MIN = 4;
const TABU_MAX = 14;

/**
 * Rounds of ⌊n/g⌋ groups held as flat seat arrays (group i = seats i·g … i·g + g − 1), with how often each pair
 * has met. The cost is the number of repeat meetings, Σ max(0, meetings − 1) over pairs; `repair` drives it to 0
 * by swapping two participants of different groups in one round (Dotú & Van Hentenryck's social-golfer search).
 */
export class SearchState {
  /** Candidate swaps weighed so far. */
  work = 0;
  private readonly meetings: Uint16Array;
  private readonly seats: Int32Array[] = [];
  private readonly seatOf: Int32Array[] = [];
  private readonly tabuUntil: Int32Array[] = [];
  /** Scratch for `move`: per seat of the round being repaired, the repeat meetings its occupant would leave. */
  private readonly leave: Int32Array;
  /** Scratch for `move`: per seat, how many members of the group being moved from its occupant has met. */
  private readonly metGroup: Int32Array;
  /** Pairs (x·n + y, x < y) that met more than once, with each one's place in the list for O(1) removal. */
  private readonly conflicts: ConflictSet;
  private cost = 0;
  private step = 0;

  constructor(
    readonly n: number,
    readonly g: number,
    private readonly rng: Rng,
    /** Rounds before this one never change. */
    private readonly firstMutable: number,
    private readonly roles?: readonly number[],
  ) {
    this.meetings = new Uint16Array(n * n);
    this.leave = new Int32Array(n);
    this.metGroup = new Int32Array(n);
    this.conflicts = new ConflictSet(n * n);
  }

  met(x: number, y: number): number {
    return this.meetings[x * this.n + y];
  }

  addRound(groups: readonly (readonly number[])[]): void {
    const seats = Int32Array.from(groups.flat());
    const seatOf = new Int32Array(this.n).fill(-1);
    seats.forEach((p, i) => (seatOf[p] = i));
    this.seats.push(seats);
    this.seatOf.push(seatOf);
    this.tabuUntil.push(new Int32Array(this.n * this.n));
    for (const group of groups) for (let i = 0; i < group.length; i++) for (let j = i + 1; j < group.length; j++) this.meet(group[i], group[j], 1);
  }

  /** A copy of every round's seats (group i = seats i·g … i·g + g − 1). */
  copySeats(): Int32Array[] {
    return this.seats.map((s) => s.slice());
  }

  /** Searches until no pair meets twice (true) or the work reaches `budget` (false). */
  repair(budget: number): boolean {
    // With one group per round nothing can be swapped: the seating is fixed by who sits out.
    if (this.seats.length === 0 || this.seats[0].length < 2 * this.g) return this.cost === 0;
    return descend({
      cost: () => this.cost,
      work: () => this.work,
      move: (best) => this.move(best),
      shake: () => {
        for (let i = 0; i < this.g; i++) this.randomSwap();
      },
    }, budget, STALL_STEPS);
  }

  /** One step: take a pair that met twice, move one of them in one of those rounds by the best allowed swap. */
  private move(best: number): void {
    const { n, g, rng, meetings } = this;
    this.step++;
    this.work++; // a step costs something even when no swap is possible (a round of one group)
    const code = this.conflicts.pick(rng);
    const x = Math.floor(code / n);
    const y = code % n;
    const together: number[] = [];
    for (let r = this.firstMutable; r < this.seats.length; r++) {
      const sx = this.seatOf[r][x];
      const sy = this.seatOf[r][y];
      if (sx >= 0 && sy >= 0 && Math.floor(sx / g) === Math.floor(sy / g)) together.push(r);
    }
    const r = together[rng.int(0, together.length - 1)];
    const seats = this.seats[r];
    const tabu = this.tabuUntil[r];
    let bestDelta = Infinity;
    let bestA = -1;
    let bestB = -1;
    let ties = 0;
    // leave[s]: repeat meetings the participant in seat s stops having by leaving its group.
    const leave = this.leave;
    for (let group = 0; group < seats.length; group += g) {
      for (let s = group; s < group + g; s++) {
        const p = seats[s];
        let count = 0;
        for (let i = group; i < group + g; i++) if (i !== s && meetings[p * n + seats[i]] >= 2) count++;
        leave[s] = count;
      }
    }
    // Every participant of round r who meets someone twice is a candidate to move (the DVH neighbourhood).
    const metA = this.metGroup;
    for (let groupA = 0; groupA < seats.length; groupA += g) {
      let counted = false;
      for (let sa = groupA; sa < groupA + g; sa++) {
        const a = seats[sa];
        const leaveA = leave[sa];
        if (leaveA === 0) continue;
        if (!counted) {
          // metA[j]: members of group A the participant in seat j has met (the same for every a of A).
          counted = true;
          for (let j = 0; j < seats.length; j++) {
            const row = seats[j] * n;
            let count = 0;
            for (let i = groupA; i < groupA + g; i++) if (meetings[row + seats[i]] >= 1) count++;
            metA[j] = count;
          }
        }
        for (let groupB = 0; groupB < seats.length; groupB += g) {
          if (groupB === groupA) continue;
          let joinB = 0; // members of B that a has met
          for (let j = groupB; j < groupB + g; j++) if (meetings[a * n + seats[j]] >= 1) joinB++;
          for (let j = groupB; j < groupB + g; j++) {
            const b = seats[j];
            if (this.roles && this.roles[b] !== this.roles[a]) continue;
            this.work++;
            const metAB = meetings[a * n + b] >= 1 ? 1 : 0;
            // joinA (members of A other than a whom b has met) is metA[j] − metAB.
            const delta = metA[j] - metAB - leaveA + joinB - metAB - leave[j];
            // Tabu moves are allowed only when they beat the best cost seen (aspiration).
            if (tabu[a * n + b] > this.step && this.cost + delta >= best) continue;
            if (delta < bestDelta) {
              bestDelta = delta;
              bestA = sa;
              bestB = j;
              ties = 1;
            } else if (delta === bestDelta && rng.int(0, ties++) === 0) {
              bestA = sa;
              bestB = j;
            }
          }
        }
      }
    }
    if (bestA < 0) return this.randomSwap();
    const a = seats[bestA];
    const b = seats[bestB];
    this.swap(r, bestA, bestB);
    tabu[a * n + b] = tabu[b * n + a] = this.step + rng.int(TABU_MIN, TABU_MAX);
  }

  private randomSwap(): void {
    const { g, rng } = this;
    if (this.seats.length <= this.firstMutable) return;
    const r = rng.int(this.firstMutable, this.seats.length - 1);
    const seats = this.seats[r];
    if (seats.length < 2 * g) return;
    const sa = rng.int(0, seats.length - 1);
    let sb = rng.int(0, seats.length - 1);
    if (Math.floor(sa / g) === Math.floor(sb / g)) return;
    // With roles, swap a with the member of b's group who holds the same role.
    if (this.roles) sb = sb - (sb % g) + (sa % g);
    this.swap(r, sa, sb);
  }

  private swap(r: number, sa: number, sb: number): void {
    const { g } = this;
    const seats = this.seats[r];
    const a = seats[sa];
    const b = seats[sb];
    const groupA = sa - (sa % g);
    const groupB = sb - (sb % g);
    for (let i = groupA; i < groupA + g; i++) if (i !== sa) this.meet(a, seats[i], -1), this.meet(b, seats[i], 1);
    for (let j = groupB; j < groupB + g; j++) if (j !== sb) this.meet(b, seats[j], -1), this.meet(a, seats[j], 1);
    seats[sa] = b;
    seats[sb] = a;
    this.seatOf[r][a] = sb;
    this.seatOf[r][b] = sa;
  }

  private meet(x: number, y: number, by: 1 | -1): void {
    const { n } = this;
    const code = x < y ? x * n + y : y * n + x;
    const before = this.meetings[x * n + y];
    const after = before + by;
    this.meetings[x * n + y] = this.meetings[y * n + x] = after;
    this.cost += Math.max(0, after - 1) - Math.max(0, before - 1);
    if (after === 2 && before === 1) {
      this.conflicts.add(code);
    } else if (after === 1 && before === 2) {
      this.conflicts.remove(code);
    }
  }
}
