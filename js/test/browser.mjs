// Debian's Chromium, headless, driven by playwright-core (no browser download).
import { chromium } from "playwright-core";
import { existsSync } from "node:fs";

export const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find((p) => existsSync(p));

export function launch() {
  if (!CHROMIUM) throw new Error("no Chromium found: run scripts/setup.sh (apt-get install chromium)");
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
}
