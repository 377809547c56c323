// The demo inbox. Every button asks the same engine the server enforces:
// enabled when allowed, disabled with the reason, or offered as an upgrade.
// The gate is `teamgate/lite`, built from the server's compiled gate
// (GET /api/snapshot): the server reads and validates the policy, the
// browser only decides.
import { createElement as h, useEffect, useState, useCallback } from "react";
import { createRoot } from "react-dom/client";
import { init, Gate } from "teamgate/lite";
import { GateProvider, useGate } from "teamgate/react";

const CHAT_VERBS = ["read", "reply", "resolve", "reassign", "delete", "block"];
const SCOPES = ["pending", "mine", "others"];
const TABS = { pending: "Pending", mine: "My chats", others: "Others" };

const params = new URLSearchParams(location.search);

async function api(path, { method = "GET", body, member } = {}) {
  const sep = path.includes("?") ? "&" : "?";
  const res = await fetch(`/api/${path}${member ? `${sep}member=${encodeURIComponent(member)}` : ""}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, data: await res.json().catch(() => null) };
}

/** The server's gate as snapshot bytes, for `new Gate(bytes)` / `gate.update(bytes)`. */
async function snapshot() {
  const res = await fetch("/api/snapshot");
  return { version: Number(res.headers.get("x-policy-version")), bytes: new Uint8Array(await res.arrayBuffer()) };
}

/** Brings the gate to the server's current policy, if it is newer (syncs may overlap). */
async function sync(gate) {
  const s = await snapshot();
  if (s.version > gate.__serverVersion) {
    gate.update(s.bytes);
    gate.__serverVersion = s.version;
  }
}

/** A button gated by a decision: enabled, disabled with the reason, or an upgrade offer. */
function GatedButton({ decision, label, onClick, attrs }) {
  const common = { ...attrs, "data-allowed": String(decision.allowed), "data-reason": decision.code };
  if (decision.allowed) return h("button", { ...common, onClick }, label);
  if (decision.upgradeTo) {
    return h("button", { ...common, disabled: true, className: "upgrade", title: decision.message, "data-upgrade-to": decision.upgradeTo }, `${label} · upgrade to ${decision.upgradeTo}`);
  }
  return h("button", { ...common, disabled: true, title: decision.message }, label);
}

function Inbox({ me, role, number, chats, refresh, setMessage }) {
  const gate = useGate();
  const [tab, setTab] = useState("pending");
  const act = async (chat, verb) => {
    const r = await api(`numbers/${number}/chats/${chat.id}/${verb}`, { method: "POST", member: me, body: verb === "reassign" ? { to: null } : { text: "Thanks!" } });
    setMessage(r.status === 200 ? `${verb}: done` : `${verb}: ${r.data.code}`);
    refresh();
  };
  const start = gate.explain(role, "chats.start", "mine", number);
  return h("section", { id: "inbox" },
    h("div", { className: "tabs" },
      ...SCOPES.map((s) => h("button", { key: s, className: tab === s ? "active" : "", "data-tab": s, onClick: () => setTab(s) }, `${TABS[s]} (${chats.filter((c) => c.scope === s).length})`)),
      h(GatedButton, { decision: start, label: "Start new chat", attrs: { "data-action": "chats.start", "data-scope": "mine" }, onClick: async () => { await api(`numbers/${number}/chats`, { method: "POST", member: me }); refresh(); } }),
    ),
    ...chats.filter((c) => c.scope === tab).map((c) =>
      h("div", { key: c.id, className: "chat", "data-chat": c.id, "data-scope": c.scope },
        h("b", null, c.customer),
        h("span", { className: "count" }, ` · ${c.assignee ? `assigned to ${c.assignee}` : "unassigned"}${c.resolved ? " · resolved" : ""}${c.blocked ? " · blocked" : ""}`),
        h("div", { className: "actions" },
          ...CHAT_VERBS.map((v) =>
            h(GatedButton, { key: v, decision: gate.explain(role, `chats.${v}`, c.scope, number), label: v, attrs: { "data-action": `chats.${v}`, "data-scope": c.scope, "data-chat": c.id }, onClick: () => act(c, v) }),
          ),
        ),
      ),
    ),
  );
}

function Console({ me, role, number, setMessage }) {
  const gate = useGate();
  const actions = gate.actions.filter((a) => !a.startsWith("chats."));
  return h("section", { id: "console" },
    ...actions.map((a) =>
      h(GatedButton, {
        key: a, decision: gate.explain(role, a, undefined, number), label: a, attrs: { "data-action": a },
        onClick: async () => {
          const r = await api(`console/${a}?number=${number}`, { method: "POST", member: me });
          setMessage(`${a}: ${r.status === 200 ? "ok" : r.data.code}`);
        },
      }),
    ),
  );
}

function Permissions({ me, role, number, setMessage }) {
  const gate = useGate();
  const chatActions = gate.actions.filter((a) => a.startsWith("chats."));
  const roles = gate.roles;
  const page = gate.explainEditPermissions(role, "agent");
  const save = async (target, action, scopes) => {
    const r = await api(`numbers/${number}/permissions`, { method: "POST", member: me, body: { role: target, action, scopes } });
    if (r.status === 200) await sync(gate);
    setMessage(r.status === 200 ? `saved ${target} ${action}` : `${r.data.code}: ${r.data.message}`);
  };
  return h("section", { id: "permissions" },
    page.code === "plan_lacks_feature" ? h("p", { className: "note", "data-upgrade-to": page.upgradeTo }, `Team permissions need the ${page.upgradeTo} plan. Chat access is unrestricted on this plan.`) : null,
    h("table", null,
      h("thead", null, h("tr", null, h("th", null, "action"), ...roles.map((r) => h("th", { key: r }, r)))),
      h("tbody", null,
        ...chatActions.map((a) =>
          h("tr", { key: a },
            h("td", null, a),
            ...roles.map((r) => {
              const caps = gate.capabilities(r, number).actions.find((x) => x.action === a);
              const editable = gate.canEditPermissions(role, r);
              return h("td", { key: r, "data-role": r, "data-action": a },
                ...SCOPES.map((s) => {
                  const checked = caps.scopes.includes(s);
                  const mayGrant = gate.can(role, a, s, number);
                  return h("label", { key: s, title: editable ? (mayGrant || checked ? "" : "you do not hold this yourself") : gate.explainEditPermissions(role, r).message },
                    h("input", {
                      type: "checkbox", checked, disabled: !editable || (!checked && !mayGrant), "data-scope": s,
                      onChange: () => save(r, a, checked ? caps.scopes.filter((x) => x !== s) : [...caps.scopes, s]),
                    }),
                    s[0],
                  );
                }),
                h("span", { className: "count" }, ` ${caps.granted}/${caps.total}`),
              );
            }),
          ),
        ),
      ),
    ),
  );
}

function Roles({ me, role, number, setMessage, policy, refresh }) {
  const gate = useGate();
  const custom = policy.roles.filter((r) => !r.builtin);
  const limit = gate.checkLimit("custom_roles", custom.length);
  const manage = gate.explain(role, "team.change_roles", undefined, number);
  const decision = !manage.allowed ? manage : limit.allowed ? manage : { ...limit, allowed: false };
  const add = async () => {
    const id = `custom_${custom.length + 1}`;
    const r = await api(`roles?number=${number}`, { method: "POST", member: me, body: { id, rank: 50, grants: ["chats.read:mine", "files.view"] } });
    if (r.status === 200) await refresh();
    setMessage(r.status === 200 ? `created ${id}` : `${r.data.code}: ${r.data.message}`);
  };
  return h("section", { id: "roles" },
    h("p", null, `Custom roles: ${custom.length} of ${limit.limit === null ? "unlimited" : limit.limit} on plan ${gate.plan}`),
    h("ul", null, ...custom.map((r) => h("li", { key: r.id }, r.id))),
    h(GatedButton, { decision, label: "Add custom role", attrs: { "data-action": "roles.add" }, onClick: add }),
  );
}

function App({ gate, initial }) {
  const [me, setMe] = useState(params.get("member") || "alex");
  const [number, setNumber] = useState(params.get("number") || "main");
  const [page, setPage] = useState(params.get("page") || "inbox");
  const [state, setState] = useState(initial);
  const [chats, setChats] = useState([]);
  const [message, setMessage] = useState("");
  const refresh = useCallback(async () => {
    const s = await api("state", { member: me });
    if (s.data.version !== gate.__serverVersion) await sync(gate); // settings changes reach the open inbox without a reload
    setState(s.data);
    setChats((await api(`numbers/${number}/chats`, { member: me })).data);
  }, [me, number, gate]);
  useEffect(() => {
    refresh();
    const t = setInterval(refresh, 1000);
    return () => clearInterval(t);
  }, [refresh]);
  const role = gate.memberRole(me, number);
  const setPlan = async (plan) => {
    const r = await api("plan", { method: "POST", member: "olivia", body: { plan } });
    refresh();
  };
  const pages = { inbox: Inbox, console: Console, permissions: Permissions, roles: Roles };
  return h(GateProvider, { gate, role, number },
    h("header", null,
      h("b", null, "teamgate demo"),
      h("label", null, "member", h("select", { id: "member", value: me, onChange: (e) => setMe(e.target.value) }, ...state.members.map((m) => h("option", { key: m.id, value: m.id }, m.name)))),
      h("label", null, "number", h("select", { id: "number", value: number, onChange: (e) => setNumber(e.target.value) }, ...gate.numbers.map((n) => h("option", { key: n, value: n }, n)))),
      h("label", null, "plan (as owner)", h("select", { id: "plan", value: gate.plan, onChange: (e) => setPlan(e.target.value) }, ...state.policy.plans.map((p) => h("option", { key: p.id, value: p.id }, p.id)))),
      h("span", { id: "role", "data-role": role ?? "" }, role ? `role: ${role}` : "not a member of this number"),
    ),
    h("main", null,
      h("nav", null, ...Object.keys(pages).map((p) => h("button", { key: p, className: page === p ? "active" : "", "data-page": p, onClick: () => setPage(p) }, p))),
      h("p", { id: "message" }, message),
      ...state.warnings.map((w) => h("p", { key: w.number, className: "note" }, w.message)),
      role ? h(pages[page], { me, role, number, chats, refresh, setMessage, policy: state.policy }) : h("p", null, "Pick a member of this number."),
    ),
  );
}

await init();
const first = await api("state", { member: params.get("member") || "alex" });
const initial = await snapshot();
const gate = new Gate(initial.bytes);
gate.__serverVersion = initial.version;
createRoot(document.getElementById("root")).render(h(App, { gate, initial: first.data }));
window.__teamgateReady = true;
