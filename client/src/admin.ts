// The researcher's admin page: sessions, participant links, exports; creates sessions from experiment files.
import { h, mount } from "./dom.js";

interface SessionSummary {
  code: string; label: string; status: string; createdAt: string; experiment: string; participants: number; joinUrl: string;
  standby: number; recruitmentRequests: number;
  exports: { csv: string; participants: string; json: string; payments: string };
}

const app = document.getElementById("app")!;

async function api<T>(path: string, init?: RequestInit): Promise<T> {
  const res = await fetch(path, { ...init, headers: { "content-type": "application/json" } });
  const body = await res.json();
  if (!res.ok) throw new Error(body.error?.message ?? res.statusText);
  return body as T;
}

async function render(message = "") {
  const [{ sessions }, { files }] = await Promise.all([api<{ sessions: SessionSummary[] }>("/api/sessions"), api<{ files: string[] }>("/api/experiments")]);
  const select = h("select", { id: "experiment-file" }, ...files.map((f) => h("option", { value: f }, f)));
  const label = h("input", { id: "session-label", placeholder: "Label (optional)" });
  const create = h("button", { id: "create-session", class: "primary" }, "Create session");
  create.addEventListener("click", async () => {
    try {
      const s = await api<SessionSummary>("/api/sessions", { method: "POST", body: JSON.stringify({ file: select.value, ...(label.value ? { label: label.value } : {}) }) });
      await render(`Session ${s.code} created.`);
    } catch (e) {
      await render((e as Error).message);
    }
  });
  mount(app,
    h("h1", {}, "Cohort — sessions"),
    h("p", {}, h("a", { href: "/colyseus" }, "Live rooms (Colyseus monitor)")),
    h("section", { class: "card" }, h("h2", {}, "New session"), select, " ", label, " ", create, message ? h("p", { id: "admin-message" }, message) : null),
    h("table", { class: "sessions" },
      h("tr", {}, ...["Code", "Label", "Experiment", "Status", "Participants", "Recruit", "Participant link", "Exports"].map((t) => h("th", {}, t))),
      ...sessions.map((s) => h("tr", {},
        h("td", {}, h("code", {}, s.code)), h("td", {}, s.label), h("td", {}, s.experiment), h("td", {}, s.status), h("td", {}, String(s.participants)),
        h("td", { title: "places the standby pool asks the platform to open" }, s.standby > 0 ? String(s.recruitmentRequests) : "–"),
        h("td", {}, h("input", { readOnly: true, value: `${s.joinUrl}?PROLIFIC_PID={{%PROLIFIC_PID%}}&STUDY_ID={{%STUDY_ID%}}&SESSION_ID={{%SESSION_ID%}}`, size: 40 })),
        h("td", {}, h("a", { href: s.exports.csv }, "data.csv"), " · ", h("a", { href: s.exports.participants }, "participants.csv"), " · ",
          h("a", { href: s.exports.payments }, "payments.csv"), " · ", h("a", { href: s.exports.json }, "events.json"), " · ",
          h("a", { href: `#${s.code}`, class: "show-participants" }, "participants")),
      )),
    ),
    h("section", { id: "participants" }),
  );
  await renderParticipants();
}

interface ParticipantRow { platform_id: string; status: string; group: string; seat: string | number; waiting_seconds: string | number; drops: number; reconnections: number; removed_reason: string; points: string | number; total: string }

/** The participants of the session named in the URL fragment, with their status, waiting, drops and pay. */
async function renderParticipants() {
  const code = location.hash.slice(1);
  const box = document.getElementById("participants");
  if (!code || !box) return;
  const { participants } = await api<{ participants: ParticipantRow[] }>(`/api/sessions/${encodeURIComponent(code)}/participants`);
  const cols: Array<[string, (p: ParticipantRow) => string | number]> = [
    ["Participant", (p) => p.platform_id], ["Status", (p) => p.status], ["Group / seat", (p) => (p.group ? `${p.group.slice(0, 8)} / ${p.seat}` : "")],
    ["Waited (s)", (p) => p.waiting_seconds], ["Drops", (p) => p.drops], ["Reconnections", (p) => p.reconnections],
    ["Removed because", (p) => p.removed_reason], ["Points", (p) => p.points], ["Pay", (p) => p.total],
  ];
  mount(box, h("h2", {}, `Participants of ${code}`), h("table", { class: "sessions" },
    h("tr", {}, ...cols.map(([t]) => h("th", {}, t))),
    ...participants.map((p) => h("tr", { class: `status-${p.status}` }, ...cols.map(([, f]) => h("td", {}, String(f(p)))))),
  ));
}

window.addEventListener("hashchange", () => void renderParticipants());

render().catch((e) => mount(app, h("p", {}, String(e))));
setInterval(() => void render().catch(() => undefined), 10_000);
