// Bundles the participant and admin pages with esbuild into client/dist (content-hashed assets, HTML shells).
import { build } from "esbuild";
import { mkdirSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";

const dist = join(__dirname, "dist");

async function main() {
  rmSync(dist, { recursive: true, force: true });
  mkdirSync(join(dist, "assets"), { recursive: true });
  const result = await build({
    entryPoints: { participant: join(__dirname, "src/participant.ts"), admin: join(__dirname, "src/admin.ts"), style: join(__dirname, "src/style.css") },
    bundle: true, minify: true, sourcemap: true, format: "esm", target: "es2022", platform: "browser",
    outdir: join(dist, "assets"), entryNames: "[name]-[hash]", metafile: true, logLevel: "warning",
  });
  const out = (name: string, ext: string) => {
    const file = Object.keys(result.metafile.outputs).find((f) => basename(f).startsWith(`${name}-`) && f.endsWith(ext));
    if (!file) throw new Error(`no output for ${name}${ext}`);
    return `/assets/${basename(file)}`;
  };
  const page = (title: string, script: string) =>
    `<!doctype html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${title}</title><link rel="stylesheet" href="${out("style", ".css")}"></head>` +
    `<body><main id="app"><p>Loading…</p></main><script type="module" src="${out(script, ".js")}"></script></body></html>\n`;
  writeFileSync(join(dist, "index.html"), page("Study", "participant"));
  writeFileSync(join(dist, "admin.html"), page("Cohort admin", "admin"));
  const bytes = Object.values(result.metafile.outputs).reduce((a, o) => a + o.bytes, 0);
  console.log(`client built into client/dist (${Math.round(bytes / 1024)} kB incl. source maps)`);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
