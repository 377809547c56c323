// A benchmark's results go to one generated file in bench/ (RESULTS.md,
// GOALS.md, FIRST-PAINT.md, SCALE.md, SERVER.md, SIZE.md) and, the same
// text, into the pages that show them: between `<!-- generated from
// bench/NAME.md -->` and `<!-- end of generated -->` in the README or any
// page of docs/. Figures in the docs are
// never typed by hand; js/test/docs.test.mjs checks the two agree.
import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
/** The docs pages, as paths from the repository's root. */
export const docs = () => readdirSync(`${root}docs`).filter((f) => f.endsWith(".md")).map((f) => `docs/${f}`);
/** The pages generated sections may be in: the README and docs/. */
export const published = () => ["README.md", ...docs()];

/** The marked sections of a markdown text: `[{ file, body }]`. */
export function sections(text) {
  return [...text.matchAll(/<!-- generated from (bench\/[A-Z-]+\.md) -->\n([\s\S]*?)<!-- end of generated -->/g)].map((m) => ({ file: m[1], body: m[2] }));
}

/** Writes `bench/<name>` (a title line, how it was made, `body`) and puts `body` into the docs. */
export function publish(name, title, command, body) {
  const file = `bench/${name}`;
  const text = `${body.trimEnd()}\n`;
  writeFileSync(`${root}${file}`, `# ${title}\n\nProduced by \`${command}\` on ${new Date().toISOString().slice(0, 10)}.\n\n${text}`);
  const into = [];
  for (const doc of published()) {
    const path = `${root}${doc}`;
    const old = readFileSync(path, "utf8");
    const start = `<!-- generated from ${file} -->\n`;
    const at = old.indexOf(start);
    const end = old.indexOf("<!-- end of generated -->", at);
    if (at < 0 || end < 0) continue;
    writeFileSync(path, old.slice(0, at + start.length) + text + old.slice(end));
    into.push(doc);
  }
  console.log(`wrote ${file}${into.length ? ` and its section of ${into.join(", ")}` : ""}`);
}

/** The body of a generated file: what follows its title and "Produced by" lines. */
export function bodyOf(file) {
  return readFileSync(`${root}${file}`, "utf8").split("\n").slice(4).join("\n");
}
