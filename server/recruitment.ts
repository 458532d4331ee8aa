// Records a recruitment request and notifies the researcher's webhook, if one is configured; never blocks the caller.
import type { Logger } from "pino";
import type { RecruitmentRequest, SessionRecord, Store } from "./store/port.js";

/** Give up on a webhook that has not answered within this long. */
const WEBHOOK_TIMEOUT_MS = 5000;

/** Stores `request`; then POSTs it (with the session code) to the session's webhook in the background. */
export async function requestRecruitment(deps: { store: Store; log: Logger }, session: SessionRecord, request: RecruitmentRequest): Promise<void> {
  await deps.store.recordRecruitment(request);
  const url = session.experiment.standby.webhookUrl;
  if (!url) return;
  const body = JSON.stringify({ session: session.code, reason: request.reason, at: new Date(request.at).toISOString() });
  fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body, signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS) })
    .then((res) => {
      if (!res.ok) deps.log.warn({ status: res.status, session: session.code }, "recruitment webhook refused the request");
    })
    .catch((err) => deps.log.warn({ err, session: session.code }, "recruitment webhook unreachable"));
}
