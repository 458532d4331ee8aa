// The participant's page: consent → lobby → rounds of the public-goods game → completion redirect.
import { Client, type Room } from "@colyseus/sdk";
import type { Outcome, ServerMessages } from "../../rooms/messages.js";
import type { ParticipantView } from "../../server/sessionService.js";
import { h, money, mount } from "./dom.js";

const app = document.getElementById("app")!;
const token = location.pathname.split("/").filter(Boolean)[1] ?? "";
const client = new Client(`${location.protocol === "https:" ? "wss" : "ws"}://${location.host}`);
/** Fastest rate of live slider updates (the server allows 30 messages a second per participant). */
const MOVE_EVERY_MS = 50;
/** Seconds the final screen stays before the redirect to the completion URL. */
const REDIRECT_AFTER_S = 5;

let view: ParticipantView;
let toastTimer: number | undefined;

function toast(text: string) {
  let el = document.getElementById("toast");
  if (!el) document.body.append((el = h("div", { id: "toast", role: "alert" })));
  el.textContent = text;
  el.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = window.setTimeout(() => (el!.hidden = true), 6000);
}

function fail(message: string) {
  mount(app, h("section", { class: "card" }, h("h1", {}, "Something went wrong"), h("p", { id: "error" }, message), h("button", { onclick: () => location.reload() }, "Reload the page")));
}

/** Error text from a refused join (the server sends {code, message} JSON as the reason). */
function reason(e: unknown): string {
  const raw = (e as { message?: string })?.message ?? String(e);
  try {
    return (JSON.parse(raw) as { message: string }).message;
  } catch {
    return raw;
  }
}

async function load(): Promise<void> {
  const res = await fetch(`/api/p/${token}`);
  const body = await res.json();
  if (!res.ok) return fail(body.error?.message ?? "This link is not valid.");
  view = body;
  route();
}

function route() {
  if (view.outcome) return showOutcome(view.outcome);
  if (view.status === "entered") return showConsent();
  if (view.status === "playing" && view.roomId) return joinGroup(() => client.joinById(view.roomId!, { token }));
  return joinLobby();
}

// ── Consent ─────────────────────────────────────────────────────────────────────────────────────────
function showConsent() {
  const agree = h("button", { id: "agree", class: "primary" }, "I agree");
  const q = view.question;
  const answer = q ? h("select", { id: "question" }, h("option", { value: "" }, "—"), ...q.options.map((o) => h("option", { value: o.value }, o.label))) : null;
  agree.addEventListener("click", async () => {
    if (q && answer && !answer.value) return toast("Please answer the question first.");
    agree.disabled = true;
    const request = { agree: true, ...(q && answer ? { answers: { [q.attribute]: answer.value } } : {}) };
    const res = await fetch(`/api/p/${token}/consent`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(request) });
    const body = await res.json();
    if (!res.ok) {
      agree.disabled = false;
      return toast(body.error?.message ?? "Could not record consent; try again.");
    }
    view = body;
    route();
  });
  mount(app, h("section", { class: "card" },
    h("h1", {}, view.consent.title),
    ...view.consent.text.split(/\n\s*\n/).map((p) => h("p", {}, p)),
    h("p", { class: "muted" }, `Participation fee ${money(view.payment.participationFee, view.payment.currency)}, plus a bonus of ${money(view.payment.perPoint, view.payment.currency)} per point.`),
    q && answer ? h("p", {}, h("label", { for: "question" }, `${q.text}: `), answer) : null,
    agree,
  ));
}

// ── Lobby ───────────────────────────────────────────────────────────────────────────────────────────
async function joinLobby() {
  mount(app, h("section", { class: "card" }, h("h1", {}, "Waiting room"), h("p", { id: "lobby-status" }, "Connecting…")));
  let lobby: Room;
  try {
    const res = await fetch(`/api/p/${token}/lobby`, { method: "POST" });
    const body = await res.json();
    if (res.status === 503) return void setTimeout(joinLobby, 3000); // the lobby is moving; our place is kept
    if (res.status === 409 && body.error?.code === "already_grouped") return load();
    if (!res.ok) return fail(body.error?.message ?? "Could not enter the waiting room.");
    lobby = await client.consumeSeatReservation(body.reservation);
  } catch (e) {
    return fail(reason(e));
  }
  let moving = false;
  // Presence: only participants whose waiting page is visible are grouped; a hidden page is asked to come back.
  const report = () => lobby.send("presence", { visible: document.visibilityState === "visible" });
  document.addEventListener("visibilitychange", report);
  report();
  // The lobby moves to another server process (a restart): ask for a new seat; arrival time is kept.
  lobby.onMessage("relocate", () => {
    moving = true;
    done();
    void lobby.leave();
    setTimeout(joinLobby, 200);
  });
  lobby.onLeave((code: number) => {
    if (!moving && code !== 1000 && code !== 4000 && code !== 4001) {
      clearInterval(clock);
      setTimeout(joinLobby, 1000);
    }
  });
  let clock: number | undefined;
  lobby.onMessage("queue", (q: ServerMessages["queue"]) => {
    const limit = q.maxWaitSeconds * 1000;
    const bar = h("progress", { id: "lobby-progress", max: view.game.groupSize, value: view.game.groupSize - q.needed });
    const waited = h("p", { class: "muted" });
    const leave = h("button", { id: "leave-lobby", hidden: true }, "Stop waiting and leave with pay");
    leave.addEventListener("click", () => {
      leave.disabled = true;
      lobby.send("leave", {});
    });
    const tick = () => {
      const s = Math.round((Date.now() - q.arrivedAt) / 1000);
      waited.textContent = `You have waited ${s} s; if no group forms within ${Math.round(limit / 1000)} s you will be paid and released.`;
      leave.hidden = q.canLeaveAt === null || Date.now() < q.canLeaveAt;
    };
    tick();
    clearInterval(clock);
    clock = window.setInterval(tick, 1000);
    document.title = `${q.active ? "🟢" : "🟡"} Waiting room`;
    mount(app, h("section", { class: "card" },
      h("h1", {}, "Waiting room"),
      q.active ? null : h("p", { id: "come-back", class: "banner" }, "You were away from this page, so you are not being grouped. Stay on this page to be grouped."),
      q.nextRound !== null
        ? h("p", { id: "lobby-status" }, `Round ${q.nextRound} of ${view.game.rounds}: your next group starts as soon as its members are back.`)
        : h("p", { id: "lobby-status" }, `Waiting for ${q.needed} more participant${q.needed === 1 ? "" : "s"} to ${"cohortSize" in view.matching ? "start the session" : `form your group of ${view.game.groupSize}`}.`),
      bar, h("p", {}, `You are number ${q.position} of ${q.waiting} waiting. Please keep this page open.`),
      h("p", { id: "lobby-estimate" }, q.estimatedSeconds === null ? "Estimating the wait…" : `Estimated wait: about ${formatWait(q.estimatedSeconds)}.`),
      waited, leave,
    ));
  });
  const done = () => {
    clearInterval(clock);
    document.removeEventListener("visibilitychange", report);
    document.title = "Study";
  };
  lobby.onMessage("matched", ({ reservation }: ServerMessages["matched"]) => {
    done();
    void lobby.leave();
    joinGroup(() => client.consumeSeatReservation(reservation as Parameters<typeof client.consumeSeatReservation>[0]));
  });
  lobby.onMessage("finished", (outcome: Outcome) => {
    done();
    void lobby.leave();
    showOutcome(outcome);
  });
  lobby.onMessage("released", (outcome: Outcome) => {
    done();
    void lobby.leave();
    showOutcome(outcome);
  });
  lobby.onMessage("replaced", (m: ServerMessages["replaced"]) => fail(m.message));
  lobby.onMessage("error", (e: ServerMessages["error"]) => toast(e.message));
}

function formatWait(seconds: number): string {
  return seconds < 90 ? `${Math.max(1, seconds)} seconds` : `${Math.round(seconds / 60)} minutes`;
}

// ── Game ────────────────────────────────────────────────────────────────────────────────────────────
interface PlayerState { seat: number; label: string; connected: boolean; control: string; round: number; current: number; locked: boolean; timedOut: boolean; ready: boolean; contribution: number; payoff: number; earnings?: number }
interface GroupStateView { stage: string; round: number; rounds: number; deadline: number; endowment: number; multiplier: number; live: boolean; total: number; share: number; players: PlayerState[] }

async function joinGroup(join: () => Promise<Room>) {
  mount(app, h("section", { class: "card" }, h("p", {}, "Joining your group…")));
  let room: Room;
  try {
    room = await join();
  } catch (e) {
    return fail(reason(e));
  }
  let seat = -1;
  let pending: { key: string; value: number } | null = null;
  let done = false;
  room.reconnection.minUptime = 1000; // reconnect by itself after a drop, unless the drop came at once
  const banner = h("p", { id: "connection", class: "banner", hidden: true }, "Connection lost — reconnecting… your seat is kept.");
  room.onDrop(() => (banner.hidden = false));
  room.onLeave(() => {
    // Grace period over, or the seat went to a bot: the server knows what happened; ask it.
    if (!done) setTimeout(() => void load(), 500);
  });
  const slider = h("input", { type: "range", id: "contribution", min: 0, max: view.game.endowment, step: 1, value: view.game.defaultContribution });
  const number = h("output", { id: "contribution-value" }, String(view.game.defaultContribution));
  const lockBtn = h("button", { id: "lock", class: "primary" }, "Lock in contribution");
  const readyBtn = h("button", { id: "continue", class: "primary" }, "Continue");
  const countdown = h("span", { id: "countdown" });
  const board = h("div", { id: "board" });

  // Live moves: at most one every MOVE_EVERY_MS while dragging, and always the final position.
  let lastSent = 0;
  let trailing: number | undefined;
  const sendMove = () => {
    lastSent = Date.now();
    room.send("move", { value: Number(slider.value) });
  };
  slider.addEventListener("input", () => {
    number.textContent = slider.value;
    if (!view.game.live) return;
    clearTimeout(trailing);
    const wait = MOVE_EVERY_MS - (Date.now() - lastSent);
    if (wait <= 0) sendMove();
    else trailing = window.setTimeout(sendMove, wait);
  });
  lockBtn.addEventListener("click", () => {
    pending = { key: crypto.randomUUID(), value: Number(slider.value) };
    lockBtn.disabled = true;
    room.send("lock", pending);
  });
  readyBtn.addEventListener("click", () => {
    readyBtn.disabled = true;
    room.send("ready", {});
  });
  // A lock-in that was sent but not acknowledged before a reconnect is sent again with the same key.
  room.onReconnect(() => {
    banner.hidden = true;
    if (pending) room.send("lock", pending);
  });
  room.onMessage("welcome", (m: ServerMessages["welcome"]) => {
    seat = m.seat;
    lastStageKey = ""; // the stage view depends on our seat: draw it again now that we know it
    if (room.state) render(room.state);
  });
  room.onMessage("ack", (m: ServerMessages["ack"]) => {
    if (pending?.key === m.key) pending = null;
  });
  room.onMessage("error", (e: ServerMessages["error"]) => {
    if (e.type === "lock") pending = null;
    toast(e.message);
  });
  room.onMessage("replaced", (m: ServerMessages["replaced"]) => fail(m.message));
  room.onMessage("finished", (outcome: Outcome) => {
    done = true;
    showOutcome(outcome);
  });
  // This group's rounds are over; the next round is played in a new group, formed in the lobby.
  room.onMessage("regroup", () => {
    done = true;
    void room.leave();
    void joinLobby();
  });

  const moves = new Map<number, number>();
  room.onMessage("moved", (m: ServerMessages["moved"]) => {
    moves.set(m.seat, m.value);
    // Our own live value comes back only when the page (re)joins mid-round: put the slider where we left it.
    if (m.seat === seat && !(room.state as GroupStateView)?.players?.[seat]?.locked) {
      slider.value = String(m.value);
      number.textContent = slider.value;
    }
    const el = document.querySelector<HTMLElement>(`[data-seat="${m.seat}"] .value`);
    if (el) el.textContent = String(m.value);
    const bar = document.querySelector<HTMLProgressElement>(`[data-seat="${m.seat}"] progress`);
    if (bar) bar.value = m.value;
  });

  const shell = h("section", { class: "card game" },
    h("header", {}, h("h1", { id: "round" }), countdown),
    banner,
    h("div", { id: "stage" }),
    board,
  );
  mount(app, shell);

  let lastStageKey = "";
  setInterval(() => {
    const s = room.state as GroupStateView;
    if (s?.deadline) countdown.textContent = `${Math.max(0, Math.ceil((s.deadline - Date.now()) / 1000))} s left`;
  }, 250);

  room.onStateChange((raw: unknown) => render(raw));

  function render(raw: unknown) {
    const s = raw as GroupStateView;
    if (seat < 0) return; // until the server says which seat is ours
    if (!s || s.stage === "starting") {
      mount(shell.querySelector("#stage")!, h("p", {}, "Waiting for everyone in your group to connect…"));
      return;
    }
    if (s.stage === "finished") return;
    const me = s.players[seat];
    // Under rolling strangers members come from different rounds: each sees their own.
    document.getElementById("round")!.textContent = `Round ${me?.round || s.round} of ${s.rounds}`;
    const stageKey = `${s.round}/${s.stage}`;
    if (stageKey !== lastStageKey) {
      lastStageKey = stageKey;
      moves.clear();
      if (s.stage === "decision") {
        slider.value = String(me?.current ?? view.game.defaultContribution);
        number.textContent = slider.value;
        mount(shell.querySelector("#stage")!, h("div", { class: "decide" },
          h("p", {}, `You have ${s.endowment} points. How many do you put into the group pot? The pot is multiplied by ${s.multiplier} and shared equally.`),
          h("label", { for: "contribution" }, "Your contribution: ", number), slider, lockBtn,
        ));
      } else {
        mount(shell.querySelector("#stage")!, h("div", { class: "results" },
          h("p", { id: "results-summary" }, `Group total: ${s.total} points. Each member receives ${s.share} points from the pot.`),
          h("p", {}, `Your payoff this round: `, h("strong", { id: "my-payoff" }, String(me?.payoff ?? 0)), ` points. Total so far: `, h("strong", { id: "my-earnings" }, String(me?.earnings ?? 0)), " points."),
          readyBtn,
        ));
        readyBtn.disabled = !!me?.ready;
      }
    }
    if (s.stage === "decision") {
      lockBtn.disabled = !!me?.locked || pending !== null;
      slider.disabled = !!me?.locked;
      if (me?.locked) lockBtn.textContent = me.timedOut ? "Time is up: locked" : "Locked — waiting for the others";
      else lockBtn.textContent = "Lock in contribution";
      // The slider is the participant's own input: it is set from the server only when a stage opens (or the page
      // reloads), never from later patches, which could carry a value older than what they just chose.
    }
    mount(board, h("table", { class: "players" },
      h("tr", {}, h("th", {}, "Member"), h("th", {}, s.stage === "decision" ? (s.live ? "Contribution (live)" : "Status") : "Contribution"), h("th", {}, s.stage === "results" ? "Payoff" : "")),
      ...s.players.map((p) => {
        const value = s.stage === "decision" ? (moves.get(p.seat) ?? p.current) : p.contribution;
        const shown = s.stage === "decision" && !s.live && p.seat !== seat ? (p.locked ? "decided" : "deciding…") : String(value);
        return h("tr", { "data-seat": p.seat, class: p.seat === seat ? "me" : "" },
          h("td", {}, `${p.label}${p.seat === seat ? " (you)" : ""}`, h("span", { class: "muted" }, p.control === "bot" ? " · computer" : p.control === "closed" ? " · left" : p.connected ? "" : " · offline")),
          h("td", {}, h("span", { class: "value" }, shown), " ", h("progress", { max: s.endowment, value: typeof value === "number" ? value : 0 }), p.locked && s.stage === "decision" ? " 🔒" : "", p.timedOut && s.stage === "results" ? " (time out)" : ""),
          h("td", {}, s.stage === "results" ? String(p.payoff) : ""),
        );
      }),
    ));
  }
}

// ── End ─────────────────────────────────────────────────────────────────────────────────────────────
const TITLES: Record<Outcome["kind"], [string, string]> = {
  completed: ["Thank you — you have finished", ""],
  no_match: ["No group could be formed", "You waited for a group; you are paid for your time."],
  group_ended: ["Your group has ended", "Another member left, so your group could not continue. You are paid what you earned."],
  removed: ["Your place in the group has ended", "You were away or inactive for too long, so your place was given up. You are paid what you earned until then."],
};

function showOutcome(o: Outcome) {
  const [title, why] = TITLES[o.kind];
  const link = h("a", { id: "complete", href: o.url, class: "button primary" }, "Return to the study platform");
  const left = h("span", { id: "redirect-in" }, String(REDIRECT_AFTER_S));
  mount(app, h("section", { class: "card" },
    h("h1", {}, title),
    why ? h("p", {}, why) : null,
    o.kind !== "no_match" ? h("p", {}, `You earned ${o.points} points.`) : null,
    h("p", {}, `Your pay: ${money(o.pay.total, o.pay.currency)} (fee ${money(o.pay.fee, o.pay.currency)} + bonus ${money(o.pay.bonus, o.pay.currency)}`,
      o.pay.waiting > 0 ? ` + waiting ${money(o.pay.waiting, o.pay.currency)}` : "", ")."),
    h("p", {}, "Completion code: ", h("strong", { id: "completion-code" }, o.code)),
    h("p", { class: "muted" }, "You will be redirected in ", left, " s."), link,
  ));
  let n = REDIRECT_AFTER_S;
  const t = setInterval(() => {
    left.textContent = String(--n);
    if (n <= 0) {
      clearInterval(t);
      location.href = o.url;
    }
  }, 1000);
}

load().catch((e) => fail(String(e)));
