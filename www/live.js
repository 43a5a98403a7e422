// Live mode: a real WebSocket from this browser. Against the Worker's /inspect, its first message is
// the handshake as the Worker received and answered it; against any server, what was negotiated,
// the timings, the messages and the close.
import { el, renderChecks, renderFields, sectionLink, statusLine } from "./ui.js";

const $ = (id) => document.getElementById(id);
const CLOSE_CODES = {
  1000: "normal closure", 1001: "going away", 1002: "protocol error", 1003: "unsupported data",
  1005: "no status code was sent", 1006: "abnormal closure: the handshake failed or the connection dropped without a close frame",
  1007: "invalid payload data", 1008: "policy violation", 1009: "message too big", 1010: "mandatory extension missing",
  1011: "internal server error", 1012: "service restart", 1013: "try again later", 1015: "TLS handshake failure",
};

/** A /inspect report: the Worker's JSON first message (see worker/index.js). */
function asReport(data) {
  if (typeof data !== "string" || !data.startsWith("{")) return null;
  try {
    const r = JSON.parse(data);
    return r && typeof r.outcome === "object" && Array.isArray(r.headers) ? r : null;
  } catch {
    return null;
  }
}

export function setupLive({ state, saveFragment }) {
  const root = $("live-report");
  let ws = null;
  let t0 = 0;
  let summary, log, reportBox;

  const ms = () => `${(performance.now() - t0).toFixed(1)} ms`;
  const set = (key, value) => {
    const dd = summary.querySelector(`[data-key="${key}"]`);
    if (dd) dd.replaceChildren(...[value].flat());
  };
  function entry(dir, text, cls = "") {
    const shown = text.length > 400 ? `${text.slice(0, 400)}… (${text.length} characters)` : text;
    log.append(el("li", { class: `msg ${dir} ${cls}` }, el("span", { class: "t" }, ms()), el("span", { class: "dir" }, { out: "→ sent", in: "← received", ev: "•" }[dir]), el("code", { class: "data" }, shown)));
  }
  function buttons(open) {
    $("connect").disabled = open;
    $("disconnect").disabled = !open;
    $("live-message").disabled = !open;
    $("send").disabled = !open;
  }

  function drawReport(r) {
    const o = r.outcome;
    const hop = r.hop ?? {};
    const keyNote = [];
    if (hop.receivedKey) {
      keyNote.push(el("p", {}, "The server received ", el("code", { "data-testid": "live-received-key" }, hop.receivedKey),
        " and would answer ", el("code", {}, hop.acceptForReceivedKey ?? ""), "."));
      keyNote.push(el("p", { class: "hint", "data-testid": "live-key-note" },
        hop.keyRewritten === true ? "This is not the key the client sent: a proxy in front of the Worker re-originated the upgrade with a key of its own. "
          : hop.keyRewritten === false ? "This is the key the client sent: nothing in between re-keyed the upgrade. "
            : "Browsers never show page scripts the key they send, so this page cannot compare it with yours. ",
        "A proxy that terminates your connection (wrangler dev's local proxy does; so can a load balancer) opens its own upgrade to the server with a fresh key, ",
        "and answers your browser with the accept value for your key. The browser accepted its handshake, so whichever hop answered it got the accept right for its own key."));
    }
    reportBox.replaceChildren(
      el("h3", {}, "The handshake as the server received it"),
      hop.explanation ? el("p", { class: "hint", "data-testid": "live-hop" }, `Hop: ${hop.describes ?? "server"}. ${hop.explanation}`) : null,
      el("p", { class: "request-line mono" }, `${r.method} ${r.url}`),
      el("div", { class: "table-wrap" }, el("table", { class: "headers", "data-testid": "live-headers" },
        el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "Field"), el("th", { scope: "col" }, "Value"), el("th", { scope: "col" }, el("span", { class: "sr-only" }, "Checks")))),
        el("tbody"))),
      ...keyNote,
      el("h3", {}, "Verdict: ", el("span", { "data-testid": "live-verdict" }, o.status === null ? o.kind : statusLine(o.response)),
        o.error ? el("span", {}, " — ", o.error.message, " ", sectionLink(o.error.section)) : ""),
      el("ol", { class: "checklist", "data-testid": "live-checks" }),
      el("h3", {}, "The response"),
      r.response?.note ? el("p", { class: "hint" }, r.response.note) : null,
      el("pre", { class: "wire", tabindex: 0, "data-testid": "live-response" }, o.response ?? ""),
    );
    renderFields(reportBox.querySelector("tbody"), r.headers, o.checks ?? []);
    renderChecks(reportBox.querySelector("ol"), o.checks ?? []);
  }

  function connect() {
    if (ws) ws.close();
    const url = $("live-url").value.trim();
    const protocols = $("live-protocols").value.split(",").map((s) => s.trim()).filter(Boolean);
    state.live = url; state.liveProtocols = $("live-protocols").value; saveFragment();
    summary = el("dl", { class: "summary", "data-testid": "live-summary" },
      ...[["state", "State"], ["url", "URL"], ["offered", "Offered"], ["protocol", "Subprotocol"], ["extensions", "Extensions"], ["open", "Handshake took"], ["close", "Close"]]
        .flatMap(([k, label]) => [el("dt", {}, label), el("dd", { "data-key": k, "data-testid": `live-${k}` }, "—")]));
    reportBox = el("div", { class: "report", "data-testid": "live-inspect" });
    log = el("ol", { class: "log", "data-testid": "live-log" });
    root.replaceChildren(el("h2", {}, "Connection"), summary, reportBox, el("h3", {}, "Messages and events"), log);
    set("url", el("code", {}, url));
    set("offered", protocols.length ? el("code", {}, protocols.join(", ")) : "no subprotocol");
    t0 = performance.now();
    try {
      ws = new WebSocket(url, protocols);
    } catch (e) {
      set("state", el("span", { class: "badge fail" }, "not started"));
      entry("ev", `${e.name}: ${e.message}`, "fail");
      return;
    }
    const sock = ws;
    set("state", "connecting…");
    buttons(true);
    let first = true;
    sock.addEventListener("open", () => {
      set("state", el("span", { class: "badge pass" }, "open"));
      set("open", ms());
      set("protocol", el("code", {}, sock.protocol || "(none)"));
      set("extensions", el("code", {}, sock.extensions || "(none)"));
      entry("ev", `open: 101 accepted by the browser (subprotocol ${sock.protocol || "none"}, extensions ${sock.extensions || "none"})`);
    });
    sock.addEventListener("message", (e) => {
      const text = typeof e.data === "string" ? e.data : `(binary, ${e.data.size ?? e.data.byteLength} bytes)`;
      const report = first ? asReport(e.data) : null;
      first = false;
      if (report) { drawReport(report); entry("in", `handshake report (${text.length} characters), drawn above`); } else entry("in", text);
    });
    sock.addEventListener("error", () => entry("ev", "error: the browser gives page scripts no reason; the developer-tools console has it (see Verify mode).", "fail"));
    sock.addEventListener("close", (e) => {
      set("state", el("span", { class: `badge ${e.wasClean ? "skip" : "fail"}` }, "closed"));
      set("close", [el("code", {}, String(e.code)), ` ${CLOSE_CODES[e.code] ?? ""}`, e.reason ? [" · reason: ", el("code", {}, e.reason)] : " · no reason", e.wasClean ? " · clean" : " · not clean"]);
      entry("ev", `close ${e.code}${e.reason ? ` "${e.reason}"` : ""}`);
      if (ws === sock) { ws = null; buttons(false); }
    });
  }

  $("connect").addEventListener("click", connect);
  $("disconnect").addEventListener("click", () => ws?.close(1000, "closed from the inspector"));
  $("live-inspect").addEventListener("click", () => { $("live-url").value = `${location.protocol === "https:" ? "wss" : "ws"}://${location.host}/inspect`; });
  $("send-form").addEventListener("submit", (e) => {
    e.preventDefault();
    const text = $("live-message").value;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(text);
    entry("out", text);
    $("live-message").value = "";
  });
}
