// End to end: the demo server (teamgate natively) and the demo app (teamgate
// in wasm) in headless Chromium. For every role of the default preset, on a
// plan with and without team permissions, and after a restriction saved on
// the permissions page, every control the app gates — action buttons, the
// plan selector and its options, the permission checkboxes, the add-role
// button — is enabled exactly when the server accepts what it does (each
// tried through the API, hidden ones included).
import { test, before, after } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync } from "node:fs";
import { launch } from "../../js/test/browser.mjs";
import { root, startServer } from "./server.mjs";
import { axeViolations, deniedByKeyboard } from "../../js/test/a11y.mjs";

const out = `${root}tests/output`;
const MEMBERS = { owner: "olivia", admin: "adam", supervisor: "sara", agent: "alex" };
let server;
let base;
let api;
let edit;
let browser;

before(async () => {
  mkdirSync(out, { recursive: true });
  server = await startServer();
  ({ base, api, edit } = server);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  server?.stop();
});

const reset = () => api("reset", { method: "POST", member: "olivia" });

async function open(member, page = "inbox") {
  const p = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  const errors = [];
  p.on("pageerror", (e) => errors.push(String(e)));
  assert.equal((await p.request.post(`${base}api/session`, { data: { member } })).status(), 200);
  await p.goto(`${base}?number=main&page=${page}`);
  await p.waitForFunction(() => window.__teamgateReady === true, null, { timeout: 20000 });
  await p.waitForSelector(page === "inbox" ? "[data-tab]" : `#${page}`);
  await p.waitForTimeout(300);
  p.errors = errors;
  return p;
}

/** Shows an inbox tab and waits for its list from the server. */
async function showTab(p, tab) {
  if (await p.$eval(`[data-tab=${tab}]`, (b) => b.classList.contains("active"))) {
    await p.waitForTimeout(300); // the first tab, loaded with the page
  } else {
    await Promise.all([p.waitForResponse((r) => r.url().includes(`scope=${tab}`)), p.click(`[data-tab=${tab}]`)]);
    await p.waitForTimeout(50);
  }
}

/** Enabled and shown buttons of the inbox (every tab) and the console, as "what" strings. */
async function uiEnabled(member) {
  const p = await open(member);
  const enabled = new Set();
  for (const tab of ["pending", "mine", "others"]) {
    await showTab(p, tab);
    for (const b of await p.$$eval("button[data-action]", (bs) => bs.map((b) => ({ a: b.dataset.action, chat: b.dataset.chat, on: !b.disabled && b.getAttribute("aria-disabled") !== "true" })))) {
      if (b.on) enabled.add(b.chat ? `${b.a} #${b.chat}` : b.a);
    }
  }
  await p.click("[data-page=console]");
  await p.waitForSelector("#console");
  for (const b of await p.$$eval("#console button[data-action]", (bs) => bs.map((b) => ({ a: b.dataset.action, on: !b.disabled && b.getAttribute("aria-disabled") !== "true" })))) {
    if (b.on) enabled.add(b.a);
  }
  assert.deepEqual(p.errors, []);
  await p.close();
  return enabled;
}

/** The ids of the chats the inbox shows, every tab. */
async function uiChats(member) {
  const p = await open(member);
  const ids = new Set();
  for (const tab of ["pending", "mine", "others"]) {
    await showTab(p, tab);
    for (const id of await p.$$eval("div.chat[data-chat]", (ds) => ds.map((d) => Number(d.dataset.chat)))) ids.add(id);
  }
  await p.close();
  return [...ids].sort();
}

/** Everything the server accepts for this member, each tried through the API. */
async function serverAccepts(member) {
  const accepted = new Set();
  const chats = (await api("numbers/main/chats?limit=100", { member })).data.chats;
  for (const c of chats) {
    for (const v of ["read", "reply", "resolve", "reassign", "delete", "block"]) {
      const body = { reply: { text: "hi" }, reassign: { to: null } }[v];
      const r = await api(`numbers/main/chats/${c.id}/${v}?dry=1`, { method: "POST", member, body });
      assert.ok(r.status === 200 || r.status === 403, `status ${r.status}`);
      if (r.status === 200) accepted.add(`chats.${v} #${c.id}`);
      else assert.ok(r.data.code, "a 403 carries the engine's reason code");
    }
  }
  if ((await api("numbers/main/chats?dry=1", { method: "POST", member })).status === 200) accepted.add("chats.start");
  const policy = (await api("state", { member })).data.policy;
  for (const a of policy.actions.map((x) => x.id).filter((x) => !x.startsWith("chats."))) {
    if ((await api(`console/${a}?number=main&dry=1`, { method: "POST", member })).status === 200) accepted.add(a);
  }
  return accepted;
}

const sorted = (s) => [...s].sort();

for (const plan of ["premium", "pro"]) {
  test(`UI and server agree for every role on ${plan}`, async () => {
    assert.equal((await reset()).status, 200);
    // A restriction saved beforehand: enforced on premium, not on pro (D3).
    assert.equal((await edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["pending", "mine"] })).status, 200);
    assert.equal((await edit("plan", "olivia", { plan })).status, 200);
    for (const [role, member] of Object.entries(MEMBERS)) {
      const ui = await uiEnabled(member);
      const srv = await serverAccepts(member);
      assert.deepEqual(sorted(ui), sorted(srv), `${role} (${member}) on ${plan}`);
      assert.ok(srv.size > 0);
      if (role === "agent") {
        const readsOthers = [...srv].some((x) => x === "chats.read #3");
        assert.equal(readsOthers, plan === "pro", "chat 3 is another agent's: readable only where restrictions are not enforced");
      }
      // Visibility: the chats the UI lists = the chats the server lists =
      // the chats the engine lets this member read (every chat tried).
      const listed = (await api("numbers/main/chats?limit=100", { member })).data.chats.map((c) => c.id).sort();
      const readable = [];
      for (let id = 1; id <= 5; id++) {
        const one = await api(`numbers/main/chats/${id}`, { member });
        assert.ok(one.status === 200 || one.status === 403, `GET chat ${id}: ${one.status}`);
        if (one.status === 200) readable.push(id);
      }
      assert.deepEqual(listed, readable, `${member} lists exactly what it may open`);
      const shown = await uiChats(member);
      assert.deepEqual(shown, listed, `${member}'s inbox shows exactly what the server lists`);
    }
  });
}

/** The plan selector and its options as the page shows them, and what the server accepts (dry runs). */
async function planControls(member) {
  const p = await open(member);
  const ui = await p.$eval("#plan", (sel) => ({ enabled: !sel.disabled && sel.getAttribute("aria-disabled") !== "true", options: [...sel.options].map((o) => ({ id: o.value, enabled: !o.disabled, selected: o.selected })) }));
  await p.close();
  const version = (await api("state", { member })).data.version;
  const accepts = {};
  for (const o of ui.options) {
    const r = await api("plan?dry=1", { method: "POST", member, body: { plan: o.id, version } });
    accepts[o.id] = r.status === 200;
  }
  return { ui, accepts };
}

for (const [role, member] of Object.entries(MEMBERS)) {
  test(`every control agrees with the server for ${role}: the plan selector, permission checkboxes, add-role`, async () => {
    await reset();
    // The plan: the selector is usable only by who may change the plan, and
    // an option is enabled exactly when the server would accept it.
    const { ui, accepts } = await planControls(member);
    const mayChange = Object.entries(accepts).some(([id, ok]) => ok && !ui.options.find((o) => o.id === id).selected);
    assert.equal(ui.enabled, mayChange, `${member}: the plan selector is enabled exactly when some other plan is accepted`);
    for (const o of ui.options.filter((x) => !x.selected)) {
      assert.equal(ui.enabled && o.enabled, accepts[o.id], `${member}: plan ${o.id}`);
    }
    if (role === "owner") assert.deepEqual(accepts, { basic: false, pro: true, premium: true }, "two numbers and six members do not fit on basic");
    // Permission checkboxes: enabled exactly when the server accepts the toggle.
    const p = await open(member, "permissions");
    const boxes = await p.$$eval("#permissions input[type=checkbox]", (is) =>
      is.map((i) => ({ role: i.closest("td").dataset.role, action: i.closest("td").dataset.action, scope: i.dataset.scope, checked: i.checked, enabled: !i.disabled && i.getAttribute("aria-disabled") !== "true" })),
    );
    const addRole = await (async () => {
      await p.click("[data-page=roles]");
      await p.waitForSelector("#roles");
      return p.$eval('#roles button[data-action="roles.add"]', (b) => !b.disabled && b.getAttribute("aria-disabled") !== "true");
    })();
    await p.close();
    const version = (await api("state", { member })).data.version;
    const held = {};
    for (const b of boxes) (held[`${b.role} ${b.action}`] ??= []).push(...(b.checked ? [b.scope] : []));
    let checked = 0;
    for (const b of boxes) {
      const now = held[`${b.role} ${b.action}`];
      const scopes = b.checked ? now.filter((x) => x !== b.scope) : [...now, b.scope];
      const r = await api("numbers/main/permissions?dry=1", { method: "POST", member, body: { role: b.role, action: b.action, scopes, version } });
      assert.ok([200, 403, 422].includes(r.status), `status ${r.status}`);
      assert.equal(b.enabled, r.status === 200, `${member}: ${b.role} ${b.action} ${b.scope} (${b.checked ? "uncheck" : "check"}): server ${r.status} ${r.data.code ?? ""}`);
      checked += 1;
    }
    assert.ok(checked > 0);
    const dryRole = await api("roles?dry=1", { method: "POST", member, body: { role: { id: "custom_1", rank: 50, grants: ["chats.read:mine", "files.view"] }, version } });
    assert.equal(addRole, dryRole.status === 200, `${member}: add role (server ${dryRole.status} ${dryRole.data.code ?? ""})`);
  });
}

test("a restriction saved on the permissions page reaches the server and the inbox", async () => {
  await reset();
  const admin = await open("adam", "permissions");
  // Uncheck "others" for agents' chats.delete, through the UI.
  await admin.click('td[data-role=agent][data-action="chats.delete"] input[data-scope=others]');
  // Nothing is saved before the preview of what it does (the engine's effect, from the server) is confirmed.
  await admin.waitForSelector("#preview");
  const preview = await admin.$$eval("#preview li", (lis) => lis.map((l) => l.textContent));
  assert.ok(preview.includes("Alex (Agent) on +34 600 000 001 loses “Delete chats” for others' chats"), preview.join("\n"));
  assert.ok(preview.includes("Agent on +34 600 000 001 loses “Delete chats” for others' chats"), preview.join("\n"));
  assert.equal(await admin.$("#preview [data-grants]"), null, "a restriction gives nobody access");
  assert.equal((await api("state", { member: "adam" })).data.policy.numbers[0].team_permissions?.agent, undefined, "not saved yet");
  assert.deepEqual(await axeViolations(admin), [], "the preview passes axe-core");
  await admin.screenshot({ path: `${out}/preview.png` });
  await admin.click("#preview [data-confirm=save]");
  await admin.waitForFunction(() => document.querySelector("#message").textContent.startsWith("saved"));
  // The activity log records what it did, in the same words.
  const log = (await api("activity?limit=5", { member: "adam" })).data.entries;
  const saved = log.find((e) => e.action === "team.edit_permissions" && e.code === "saved");
  assert.match(saved.detail, /^agent chats\.delete → \[pending, mine\]: .*Alex \(Agent\) on \+34 600 000 001 loses “Delete chats” for others' chats/);
  // Supervisors' and admins' columns: only subordinate roles are editable (S004.7).
  assert.equal(await admin.$eval('td[data-role=admin][data-action="chats.delete"] input[data-scope=others]', (i) => i.getAttribute("aria-disabled") === "true"), true);
  assert.equal(await admin.$eval('td[data-role=supervisor][data-action="chats.delete"] input[data-scope=others]', (i) => i.getAttribute("aria-disabled") === "true"), false);
  assert.match(await admin.textContent('td[data-role=agent][data-action="chats.delete"]'), /2\/3/); // S004.8
  await admin.screenshot({ path: `${out}/permissions.png` });

  const agent = await open("alex");
  await showTab(agent, "others");
  const del = await agent.$('button[data-action="chats.delete"][data-chat="3"]');
  assert.equal(await del.isDisabled(), true);
  assert.equal(await del.getAttribute("data-reason"), "restricted_in_number");
  await agent.screenshot({ path: `${out}/inbox.png` });
  const ui = await uiEnabled("alex");
  const srv = await serverAccepts("alex");
  assert.deepEqual(sorted(ui), sorted(srv));
  assert.ok(!srv.has("chats.delete #3"));

  // An open inbox follows the change without a reload: pushed (SSE).
  const t0 = Date.now();
  assert.equal((await edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.delete", scopes: ["all"] })).status, 200);
  await agent.waitForFunction(() => document.querySelector('button[data-action="chats.delete"][data-chat="3"]').getAttribute("aria-disabled") !== "true", null, { timeout: 5000, polling: 10 });
  console.log(`# push: a saved change reached an open inbox in ${Date.now() - t0} ms`);
  await admin.close();
  await agent.close();
});

test("a new role and a plan change are previewed too, and Cancel saves nothing", async () => {
  await reset();
  const owner = await open("olivia", "roles");
  const version = (await api("state", { member: "olivia" })).data.version;
  await owner.click('#roles button[data-action="roles.add"]');
  await owner.waitForSelector("#preview");
  const role = await owner.$$eval("#preview li", (lis) => lis.map((l) => l.textContent));
  assert.ok(role.includes("`custom_1` gains “Read chats” for their own chats"), role.join("\n"));
  assert.ok(await owner.$("#preview [data-grants]"), "a new role gives access: said so");
  await owner.click("#preview [data-confirm=cancel]");
  assert.equal(await owner.$("#preview"), null);
  await owner.selectOption("#plan", "pro");
  await owner.waitForSelector("#preview");
  const plan = await owner.$$eval("#preview li", (lis) => lis.map((l) => l.textContent));
  assert.ok(plan.includes("plan feature `team_permissions` switches off"), plan.join("\n"));
  await owner.click("#preview [data-confirm=cancel]");
  assert.equal((await api("state", { member: "olivia" })).data.version, version, "nothing was saved");
  assert.equal(await owner.$eval("#plan", (s) => s.value), "premium");
  assert.deepEqual(owner.errors, []);
  await owner.close();
});

test("the supervisor cannot edit admins, and a plan without team permissions offers the upgrade", async () => {
  await reset();
  const r = await edit("numbers/main/permissions", "sara", { role: "admin", action: "chats.read", scopes: ["mine"] });
  assert.equal(r.status, 403);
  assert.equal(r.data.code, "not_subordinate");
  await edit("plan", "olivia", { plan: "pro" });
  const p = await open("adam", "permissions");
  assert.equal(await p.getAttribute("[data-upgrade-to]", "data-upgrade-to"), "premium");
  const denied = await edit("numbers/main/permissions", "adam", { role: "agent", action: "chats.read", scopes: ["mine"] });
  assert.equal(denied.data.code, "plan_lacks_feature");
  assert.equal(denied.data.upgradeTo, "premium");
  await p.close();
});

test("every page renders for people (names, visible reasons) and is kept as a screenshot", async () => {
  await reset();
  // Signed out: the sign-in page lists the demo's members of both accounts.
  const p = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await p.goto(base);
  await p.waitForSelector("#sign-in");
  assert.ok(await p.$('[data-account="globex"][data-member="gina"]'));
  await p.screenshot({ path: `${out}/sign-in.png` });
  await p.click('[data-account="acme"][data-member="alex"]');
  await p.waitForSelector("[data-tab]");
  // A denied control shows its reason without hovering.
  await p.click("[data-page=console]");
  await p.waitForSelector("#console");
  const reason = await p.textContent('#console button[data-action="billing.payment"] + small.reason');
  assert.equal(reason, "Agent may not: Payment details");
  assert.ok(!(await p.textContent("#console")).includes("numbers.screenshot"), "actions are shown by their descriptions");
  await p.screenshot({ path: `${out}/console.png` });
  await p.click("[data-page=activity]");
  await p.waitForSelector("#activity .note");
  await p.close();
  const admin = await open("adam", "activity");
  await admin.waitForFunction(() => /entries/.test(document.querySelector("#activity p")?.textContent ?? ""));
  await admin.screenshot({ path: `${out}/activity.png` });
  await admin.click("[data-page=roles]");
  await admin.waitForSelector("#roles");
  await admin.screenshot({ path: `${out}/roles.png` });
  assert.deepEqual(admin.errors, []);
  await admin.close();
});

test("a server that is not the demo shows its sign-in page with why there is no one to pick", async () => {
  const prod = await startServer({ TEAMGATE_DEMO: "0" });
  const p = await browser.newPage();
  try {
    const errors = [];
    p.on("pageerror", (e) => errors.push(String(e)));
    await p.goto(prod.base);
    await p.waitForFunction(() => window.__teamgateReady === true, null, { timeout: 20000 });
    assert.match(await p.textContent("#sign-in [role=alert]"), /no sign-in: picking a member signs in only in demo mode.*session::sign_in/);
    assert.equal(await p.locator("#sign-in button").count(), 0);
    assert.deepEqual(errors, []);
  } finally {
    await p.close();
    prod.stop();
  }
});

test("the activity page says when a page ends early behind entries the reader may not see, and pages on to the older ones", async () => {
  await reset();
  assert.equal((await api("numbers/main/chats/2/reply", { method: "POST", member: "alex", body: { text: "before the flood" } })).status, 200);
  // Sam is in sales only: an admin of main may not read of his sign-ins.
  for (let i = 0; i < 21; i++) await Promise.all(Array.from({ length: 50 }, () => server.signIn("sam")));
  const p = await open("adam", "activity");
  await p.waitForSelector("#activity [data-short-page]");
  assert.match(await p.textContent("#activity p"), /entries on page 1/);
  const seen = [];
  for (let page = 1; page < 10 && !seen.some((t) => t.includes("Reply to chats")); page++) {
    seen.push(...(await p.$$eval("#activity tbody tr", (rows) => rows.map((r) => r.textContent))));
    const older = await p.$("[data-page-step=older]:not([disabled])");
    if (!older) break;
    await older.click();
    await p.waitForFunction((n) => new RegExp(`on page ${n}(?!\\d)`).test(document.querySelector("#activity p")?.textContent ?? ""), page + 1);
  }
  assert.ok(seen.some((t) => t.includes("Reply to chats")), `the reply before the flood is reached: ${seen.length} rows`);
  assert.ok(!seen.some((t) => t.includes("sam")), "none of Sam's entries");
  assert.deepEqual(await axeViolations(p), []);
  assert.deepEqual(p.errors, []);
  await p.close();
});

test("every page passes axe-core, and every denied control is reached by Tab and announced with its reason", async () => {
  await reset();
  // The sign-in page.
  const signIn = await browser.newPage({ viewport: { width: 1100, height: 720 } });
  await signIn.goto(base);
  await signIn.waitForSelector("#sign-in");
  assert.deepEqual(await axeViolations(signIn), [], "sign-in page");
  await signIn.close();
  for (const member of ["alex", "sara", "adam", "olivia"]) {
    for (const page of ["inbox", "console", "permissions", "roles", "activity"]) {
      const p = await open(member, page);
      if (page === "activity") await p.waitForFunction(() => /entries|activity log is for/.test(document.querySelector("#activity")?.textContent ?? ""));
      assert.deepEqual(await axeViolations(p), [], `${member}, ${page}`);
      const denied = await deniedByKeyboard(p, 400);
      for (const d of denied) {
        assert.ok(d.reached, `${member}, ${page}: the keyboard reaches ${d.id}`);
        assert.ok(d.description.length > 0, `${member}, ${page}: ${d.id} is announced with a reason`);
      }
      if (member === "alex" && page === "console") {
        assert.ok(denied.length > 5, "an agent's console has denied controls");
        assert.ok(denied.some((d) => d.description === "Agent may not: Payment details"), "the reason shown is the reason announced");
      }
      await p.close();
    }
  }
});
