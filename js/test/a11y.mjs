// Accessibility checks for pages opened in headless Chromium (playwright-core):
// axe-core's rules, and the reasons of denied controls as keyboard and
// screen-reader users meet them (focus by Tab, the description Chromium's
// accessibility tree gives). Shared by the demo's end-to-end test and the
// examples' test.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");

/** axe-core's violations on the page as it is now: `["rule: help (n nodes)", ...]`. */
export async function axeViolations(page) {
  if (!(await page.evaluate(() => "axe" in window))) await page.addScriptTag({ content: axeSource });
  const result = await page.evaluate(async () => window.axe.run(document, { resultTypes: ["violations"] }));
  return result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(" ")).join(", ")})`);
}

/**
 * Tabs through the page (at most `presses` times) and returns, for every
 * denied control (`aria-disabled="true"`), whether the keyboard reached it
 * and the description Chromium announces for it: `[{ id, reached,
 * description, reason }]` (`reason`: the control's data-reason message, its
 * title).
 */
export async function deniedByKeyboard(page, presses = 150) {
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(() => {
    let i = 0;
    for (const el of document.querySelectorAll('[aria-disabled="true"]')) el.dataset.a11yId ??= `denied-${i++}`;
    document.activeElement?.blur();
    window.scrollTo(0, 0);
  });
  const denied = await page.$$eval('[aria-disabled="true"]', (els) => els.filter((e) => e.offsetParent !== null).map((e) => ({ id: e.dataset.a11yId, reason: e.getAttribute("title") ?? "" })));
  const described = new Map();
  for (let i = 0; i < presses && described.size < denied.length; i++) {
    await page.keyboard.press("Tab");
    const id = await page.evaluate(() => document.activeElement?.dataset?.a11yId ?? null);
    if (id === null || described.has(id)) continue;
    const { result } = await cdp.send("Runtime.evaluate", { expression: "document.activeElement" });
    const { nodes } = await cdp.send("Accessibility.getPartialAXTree", { objectId: result.objectId, fetchRelatives: false });
    const node = nodes.find((n) => !n.ignored) ?? nodes[0];
    described.set(id, node?.description?.value ?? "");
  }
  await cdp.detach();
  return denied.map((d) => ({ ...d, reached: described.has(d.id), description: described.get(d.id) ?? null }));
}
