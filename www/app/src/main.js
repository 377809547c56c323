// The demo inbox. Every button asks the same engine the server enforces:
// enabled when allowed, disabled with the reason, or offered as an upgrade.
// The gate is `teamgate/lite`, built from the server's compiled gate
// (GET /api/snapshot): the server reads and validates the policy, the
// browser only decides. Who is asking is the signed-in member (a signed,
// HTTP-only cookie the server set); new policy versions arrive over
// Server-Sent Events (GET /api/events).
import { createElement as h, useEffect, useState, useCallback, useId } from "react";
import { createRoot } from "react-dom/client";
import { init, Gate } from "teamgate/lite";
import { GateProvider, useGate } from "teamgate/react";

const CHAT_VERBS = ["read", "reply", "resolve", "reassign", "delete", "block"];
const SCOPES = ["pending", "mine", "others"];
const TABS = { pending: "Pending", mine: "My chats", others: "Others" };

const params = new URLSearchParams(location.search);

async function api(path, { method = "GET", body } = {}) {
  const res = await fetch(`/api/${path}`, {
    method,
    headers: body ? { "content-type": "application/json" } : {},
    body: body ? JSON.stringify(body) : undefined,
  });
  return { status: res.status, data: await res.json().catch(() => null) };
}

/** An edit, made against the policy version this page decides with. */
async function edit(gate, path, body) {
  const r = await api(path, { method: "POST", body: { ...body, version: gate.__serverVersion } });
  if (r.status === 409) {
    await sync(gate);
    r.data.message = "the policy changed since this page loaded it: reloaded, nothing was changed; try again";
  }
  return r;
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

/** People's words for ids: an action's description, a role's or plan's name. */
function names(policy) {
  const of = (list, key) => new Map(list.map((x) => [x.id, x[key] ?? x.id]));
  return { action: of(policy.actions, "description"), role: of(policy.roles, "name"), plan: of(policy.plans, "name") };
}

/** Why a control is off, in people's words (the engine's message names ids). */
function reasonText(decision, said, role, action, scope) {
  const who = said?.role.get(role) ?? role;
  const what = said?.action.get(action) ?? action;
  switch (decision.code) {
    case "role_lacks_action":
      return `${who} may not: ${what}`;
    case "scope_not_granted":
      return `${who} may not do this to ${scope} chats`;
    case "restricted_in_number":
      return `restricted for ${who} on this number (${scope} chats)`;
    case "plan_lacks_feature":
      return `needs the ${said?.plan.get(decision.upgradeTo) ?? decision.upgradeTo} plan`;
    default:
      return decision.message;
  }
}

/** What a denied control does when clicked (or toggled, or changed): nothing. */
const ignore = (e) => e.preventDefault();

/**
 * A button gated by a decision: enabled; or denied, still focusable
 * (`aria-disabled`, clicks ignored) and described by its reason shown
 * beside it, or offered as an upgrade naming the plan.
 */
function GatedButton({ decision, label, onClick, attrs, plans, reason }) {
  const id = useId();
  const common = { ...attrs, "data-allowed": String(decision.allowed), "data-reason": decision.code };
  if (decision.allowed) return h("button", { ...common, onClick }, label);
  const denied = { ...common, "aria-disabled": "true", "aria-describedby": id, title: decision.message, onClick: ignore };
  if (decision.upgradeTo) {
    const plan = plans?.get(decision.upgradeTo) ?? decision.upgradeTo;
    return h("span", { className: "gated" },
      h("button", { ...denied, className: "upgrade", "data-upgrade-to": decision.upgradeTo }, `${label} · upgrade to ${plan}`),
      h("small", { id, className: "reason" }, reason ?? `needs the ${plan} plan`));
  }
  return h("span", { className: "gated" },
    h("button", denied, label),
    h("small", { id, className: "reason" }, reason ?? decision.message));
}

/**
 * The inbox: one tab (scope) at a time, as the server lists it — filtered
 * in its database by the engine's chat filter — 50 chats a page.
 */
function Inbox({ role, number, version, setMessage, policy }) {
  const gate = useGate();
  const said = names(policy);
  const [tab, setTab] = useState("pending");
  const [chats, setChats] = useState([]);
  const [next, setNext] = useState(null);
  const [tick, setTick] = useState(0);
  useEffect(() => {
    let live = true;
    api(`numbers/${number}/chats?scope=${tab}`).then((r) => {
      if (!live) return;
      setChats(r.status === 200 ? r.data.chats : []);
      setNext(r.status === 200 ? r.data.next : null);
    });
    return () => {
      live = false;
    };
  }, [number, tab, version, tick]);
  const more = async () => {
    const r = await api(`numbers/${number}/chats?scope=${tab}&after=${next}`);
    if (r.status === 200) {
      setChats([...chats, ...r.data.chats]);
      setNext(r.data.next);
    }
  };
  const act = async (chat, verb) => {
    const r = await api(`numbers/${number}/chats/${chat.id}/${verb}`, { method: "POST", body: verb === "reassign" ? { to: null } : verb === "reply" ? { text: "Thanks!" } : undefined });
    setMessage(r.status === 200 ? `${verb}: done` : `${verb}: ${r.data.code}`);
    setTick(tick + 1);
  };
  const start = gate.explain(role, "chats.start", "mine", number);
  return h("section", { id: "inbox" },
    h("div", { className: "tabs" },
      ...SCOPES.map((s) => h("button", { key: s, className: tab === s ? "active" : "", "data-tab": s, onClick: () => setTab(s) }, TABS[s])),
      h(GatedButton, { decision: start, label: "Start new chat", attrs: { "data-action": "chats.start", "data-scope": "mine" }, onClick: async () => { await api(`numbers/${number}/chats`, { method: "POST" }); setTick(tick + 1); } }),
    ),
    ...chats.map((c) =>
      h("div", { key: c.id, className: "chat", "data-chat": c.id, "data-scope": c.scope },
        h("b", null, c.customer),
        h("span", { className: "count" }, ` · ${c.assignee ? `assigned to ${c.assignee}` : "unassigned"}${c.resolved ? " · resolved" : ""}${c.blocked ? " · blocked" : ""}`),
        h("div", { className: "actions" },
          ...CHAT_VERBS.map((v) =>
            h(GatedButton, { key: v, decision: gate.explain(role, `chats.${v}`, c.scope, number), label: v, plans: said.plan, reason: reasonText(gate.explain(role, `chats.${v}`, c.scope, number), said, role, `chats.${v}`, c.scope), attrs: { "data-action": `chats.${v}`, "data-scope": c.scope, "data-chat": c.id }, onClick: () => act(c, v) }),
          ),
        ),
      ),
    ),
    next ? h("button", { "data-more": "chats", onClick: more }, "more chats") : null,
  );
}

function Console({ role, number, setMessage, policy }) {
  const gate = useGate();
  const actions = gate.actions.filter((a) => !a.startsWith("chats."));
  const said = names(policy);
  return h("section", { id: "console" },
    ...actions.map((a) =>
      h(GatedButton, {
        key: a, decision: gate.explain(role, a, undefined, number), label: said.action.get(a) ?? a, attrs: { "data-action": a }, plans: said.plan,
        reason: reasonText(gate.explain(role, a, undefined, number), said, role, a),
        onClick: async () => {
          const r = await api(`console/${a}?number=${number}`, { method: "POST" });
          setMessage(`${a}: ${r.status === 200 ? "ok" : r.data.code}`);
        },
      }),
    ),
  );
}

function Permissions({ role, number, setMessage, policy, propose }) {
  const gate = useGate();
  const said = names(policy);
  const chatActions = gate.actions.filter((a) => a.startsWith("chats."));
  const roles = gate.roles;
  const page = gate.explainEditPermissions(role, "agent");
  // Nothing is saved before the preview of what it does is confirmed.
  const save = (target, action, scopes) =>
    propose(`numbers/${number}/permissions`, { role: target, action, scopes }, `${said.role.get(target) ?? target}: ${said.action.get(action) ?? action} for ${scopes.length ? scopes.join(", ") : "no chats"}`, async (r) => {
      if (r.status === 200) await sync(gate);
      setMessage(r.status === 200 ? `saved ${target} ${action}` : `${r.data.code}: ${r.data.message}`);
    });
  return h("section", { id: "permissions" },
    page.code === "plan_lacks_feature" ? h("p", { className: "note", "data-upgrade-to": page.upgradeTo }, `Team permissions need the ${said.plan.get(page.upgradeTo) ?? page.upgradeTo} plan. Chat access is unrestricted on this plan.`) : null,
    h("table", null,
      h("thead", null, h("tr", null, h("th", null, "action"), ...roles.map((r) => h("th", { key: r }, said.role.get(r) ?? r)))),
      h("tbody", null,
        ...chatActions.map((a) =>
          h("tr", { key: a },
            h("td", null, said.action.get(a) ?? a),
            ...roles.map((r) => {
              const caps = gate.capabilities(r, number).actions.find((x) => x.action === a);
              const editable = gate.canEditPermissions(role, r);
              return h("td", { key: r, "data-role": r, "data-action": a },
                ...SCOPES.map((s) => {
                  const checked = caps.scopes.includes(s);
                  const mayGrant = gate.can(role, a, s, number);
                  const why = editable ? (mayGrant || checked ? "" : "you do not hold this yourself") : gate.explainEditPermissions(role, r).message;
                  const off = !editable || (!checked && !mayGrant);
                  return h("label", { key: s, title: why },
                    h("input", {
                      type: "checkbox", checked, "data-scope": s,
                      // Denied: still focusable, announced with its reason, toggling ignored.
                      ...(off ? { "aria-disabled": "true", "aria-description": why, onClick: ignore, onChange: () => {} } : { onChange: () => save(r, a, checked ? caps.scopes.filter((x) => x !== s) : [...caps.scopes, s]) }),
                    }),
                    ` ${s} `,
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

function Roles({ role, number, setMessage, policy, refresh, propose }) {
  const gate = useGate();
  const custom = policy.roles.filter((r) => !r.builtin);
  const limit = gate.checkLimit("custom_roles", custom.length);
  const manage = gate.explain(role, "team.change_roles", undefined, number);
  const decision = !manage.allowed ? manage : limit.allowed ? manage : { ...limit, allowed: false };
  const add = () => {
    const id = `custom_${custom.length + 1}`;
    return propose("roles", { role: { id, rank: 50, grants: ["chats.read:mine", "files.view"] } }, `a custom role ${id}`, async (r) => {
      if (r.status === 200) await refresh();
      setMessage(r.status === 200 ? `created ${id}` : `${r.data.code}: ${r.data.message}`);
    });
  };
  return h("section", { id: "roles" },
    h("p", null, `Custom roles: ${custom.length} of ${limit.limit === null ? "unlimited" : limit.limit} on plan ${gate.plan}`),
    h("ul", null, ...custom.map((r) => h("li", { key: r.id }, r.id))),
    h(GatedButton, { decision, label: "Add custom role", attrs: { "data-action": "roles.add" }, onClick: add }),
  );
}

/** The log's entries that are no action of the policy: signing in and out. */
const SESSION_WORDS = { "session.sign_in": "Signed in", "session.sign_out": "Signed out" };

/** The activity log (S003.3): every attempt, allowed or not, newest first, a page at a time. */
function Activity({ role, number, policy }) {
  const gate = useGate();
  const [log, setLog] = useState(null);
  // The `before` of each page seen: the last is the page shown.
  const [pages, setPages] = useState([null]);
  const may = gate.explain(role, "team.change_roles", undefined, number);
  const said = names(policy);
  const PAGE = 25;
  const before = pages[pages.length - 1];
  useEffect(() => {
    if (may.allowed) api(`activity?limit=${PAGE}${before ? `&before=${before}` : ""}`).then((r) => setLog(r.data));
  }, [may.allowed, before]);
  if (!may.allowed) return h("section", { id: "activity" }, h("p", { className: "note" }, `The activity log is for those who may change roles: ${may.message}`));
  return h("section", { id: "activity" },
    h("p", null, log ? `${log.entries.length} entries on page ${pages.length}` : "loading…",
      h("button", { "data-page-step": "newer", disabled: pages.length === 1, onClick: () => setPages(pages.slice(0, -1)) }, "newer"),
      h("button", { "data-page-step": "older", disabled: !log?.older, onClick: () => setPages([...pages, log.older]) }, "older")),
    // The server reads the log a part at a time past entries the reader
    // may not see (docs/server.md): a page can end early, older ones follow.
    log?.older && log.entries.length < PAGE
      ? h("p", { className: "note", "data-short-page": "" }, "This page ends early: past entries you may not see, the log is read a part at a time. Older entries follow.")
      : null,
    h("table", null,
      h("thead", null, h("tr", null, ...["when", "who", "what", "number", "detail", "decision", "policy version"].map((t) => h("th", { key: t }, t)))),
      h("tbody", null, ...(log?.entries ?? []).map((e) =>
        h("tr", { key: e.seq, "data-allowed": String(e.allowed) },
          h("td", null, new Date(e.atMs).toLocaleTimeString()),
          h("td", null, e.member),
          h("td", null, said.action.get(e.action) ?? SESSION_WORDS[e.action] ?? e.action),
          h("td", null, e.number ?? ""),
          h("td", null, [e.chat ? `chat ${e.chat}` : "", e.detail ?? ""].filter(Boolean).join(" · ")),
          h("td", { "data-code": e.code }, e.allowed ? "done" : "refused"),
          h("td", null, e.version),
        ))),
    ),
  );
}

/**
 * What an edit would do, before it is saved: the server's preview (the
 * engine's `effect_of` on the edit, `?dry=1`), in its words, with Save and
 * Cancel.
 */
function Preview({ proposal, onSave, onCancel }) {
  const { effect, label } = proposal;
  return h("section", { id: "preview", role: "dialog", "aria-labelledby": "preview-title" },
    h("h2", { id: "preview-title" }, `Before you save: ${label}`),
    effect.summary.length
      ? h("ul", null, ...effect.summary.map((line, i) => h("li", { key: i }, line)))
      : h("p", null, "Nobody's access changes."),
    effect.grantsAccess ? h("p", { className: "note", "data-grants": "true" }, "This gives someone access they do not have now.") : null,
    h("button", { "data-confirm": "save", onClick: onSave }, "Save"),
    h("button", { "data-confirm": "cancel", onClick: onCancel }, "Cancel"),
  );
}

function App({ gate, initial }) {
  const me = initial.me.id;
  const [number, setNumber] = useState(params.get("number") || initial.me.numbers[0] || "main");
  const [page, setPage] = useState(params.get("page") || "inbox");
  const [state, setState] = useState(initial);
  const [message, setMessage] = useState("");
  // An edit waiting for its preview to be confirmed: { path, body, label, effect, done }.
  const [proposal, setProposal] = useState(null);
  const propose = useCallback(async (path, body, label, done) => {
    const dry = await api(`${path}?dry=1`, { method: "POST", body: { ...body, version: gate.__serverVersion } });
    if (dry.status !== 200) {
      if (dry.status === 409) await sync(gate);
      setMessage(`${dry.data?.code}: ${dry.data?.message}`);
      return;
    }
    setProposal({ path, body, label, effect: dry.data.effect, done });
  }, [gate]);
  const confirm = async () => {
    const { path, body, done } = proposal;
    setProposal(null);
    await done(await edit(gate, path, body));
  };
  const refresh = useCallback(async () => {
    const s = await api("state");
    if (s.status === 401) return location.reload();
    if (s.data.version !== gate.__serverVersion) await sync(gate);
    setState(s.data);
  }, [number, gate]);
  useEffect(() => {
    refresh();
    // A new policy version is pushed the moment it is saved (S003.4); the
    // browser reconnects by itself and is told the current version again.
    const events = new EventSource("/api/events");
    events.addEventListener("version", (e) => {
      if (Number(e.data) !== gate.__serverVersion) refresh();
    });
    return () => events.close();
  }, [refresh, gate]);
  const role = gate.memberRole(me, number);
  const setPlan = (plan) =>
    propose("plan", { plan }, `the ${plan} plan`, async (r) => {
      setMessage(r.status === 200 ? `plan: ${plan}` : `${r.data.code}: ${r.data.message}`);
      refresh();
    });
  const signOut = async () => {
    await api("session", { method: "DELETE" });
    location.reload();
  };
  const pages = { inbox: Inbox, console: Console, permissions: Permissions, roles: Roles, activity: Activity };
  return h(GateProvider, { gate, role, number },
    h("header", null,
      h("h1", null, "teamgate demo"),
      h("span", { id: "me", "data-member": me }, state.me.name ?? me),
      h("button", { id: "sign-out", onClick: signOut }, "sign out"),
      h("label", null, "number", h("select", { id: "number", value: number, onChange: (e) => setNumber(e.target.value) }, ...gate.numbers.map((n) => h("option", { key: n, value: n }, n)))),
      // The plan: only for those who may change it (the engine's answer),
      // and only to plans the account fits on (the engine's limit checks).
      h("label", { title: state.plans.mayChange.allowed ? "" : state.plans.mayChange.message }, "plan",
        h("select", {
          id: "plan", value: gate.plan,
          // Denied: still focusable and announced with its reason; a change is ignored.
          ...(state.plans.mayChange.allowed
            ? { onChange: (e) => setPlan(e.target.value) }
            : { "aria-disabled": "true", "aria-description": state.plans.mayChange.message, "data-reason": state.plans.mayChange.code, onChange: () => {} }),
        },
          ...state.plans.options.map((p) => h("option", { key: p.id, value: p.id, disabled: !p.allowed, title: p.reason?.message ?? "", "data-reason": p.reason?.code }, `${p.name ?? p.id}${p.allowed ? "" : " (unavailable)"}`)))),
      h("span", { id: "role", "data-role": role ?? "" }, role ? `role: ${role}` : "not a member of this number"),
    ),
    h("main", null,
      h("nav", null, ...Object.keys(pages).map((p) => h("button", { key: p, className: page === p ? "active" : "", "data-page": p, onClick: () => setPage(p) }, p))),
      h("p", { id: "message" }, message),
      proposal ? h(Preview, { proposal, onSave: confirm, onCancel: () => setProposal(null) }) : null,
      ...state.warnings.map((w) => h("p", { key: w.number, className: "note" }, w.message)),
      role ? h(pages[page], { me, role, number, version: state.version, refresh, setMessage, propose, policy: state.policy }) : h("p", null, "You hold no role in this number."),
    ),
  );
}

/**
 * The demo's sign-in page: the seeded members, one button each; or, on a
 * server that is not the demo, why there is nothing to pick (`refused`).
 */
function SignIn({ members, refused }) {
  const signIn = async (account, member) => {
    await api("session", { method: "POST", body: { account, member } });
    location.reload();
  };
  return h("main", { id: "sign-in" },
    h("h1", null, "Sign in"),
    h("p", null, "A demo: pick who you are. Your server's own sign-in goes here."),
    refused && h("p", { role: "alert" }, `${refused.message}. ${refused.hint ?? ""}`),
    ...members.map((m) => h("p", { key: `${m.account}/${m.id}` },
      h("button", { "data-account": m.account, "data-member": m.id, onClick: () => signIn(m.account, m.id) }, `${m.name ?? m.id} · ${m.account}`))),
  );
}

await init();
const root = createRoot(document.getElementById("root"));
const first = await api("state");
if (first.status === 401) {
  const pick = await api("sign-in");
  root.render(h(SignIn, pick.status === 200 ? { members: pick.data } : { members: [], refused: pick.data }));
} else {
  const initial = await snapshot();
  const gate = new Gate(initial.bytes);
  gate.__serverVersion = initial.version;
  root.render(h(App, { gate, initial: first.data }));
}
window.__teamgateReady = true;
