// Debian's nginx in front of two processes, with a throw-away certificate: a full session over https and wss.
import assert from "node:assert/strict";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { chromium, type Browser } from "playwright-core";
import Redis from "ioredis";
import { renderNginxSite } from "../../server/deploy/nginxConfig.js";
import { experiment } from "../helpers/fixtures.js";
import { startServerProcess, type ServerProcess } from "../helpers/processes.js";
import { freePorts } from "../helpers/ports.js";
import { createPostgresSchema, postgresOrSkip, redisOrSkip, type PostgresSchema } from "../helpers/services.js";

const NGINX = "/usr/sbin/nginx";
const CHROMIUM = "/usr/bin/chromium";
const ADMIN_PASSWORD = "nginx-test-password-1";
const REDIS_DB = 13;

function requireTool(ctx: Mocha.Context, path: string, install: string) {
  if (existsSync(path)) return;
  if (process.env.CI === "true") throw new Error(`${path} is missing: ${install}`);
  console.warn(`  ⚠ nginx test skipped: ${path} not found (${install})`);
  ctx.skip();
}

describe("scale-out: behind nginx with TLS", function () {
  this.timeout(120_000);
  let dir = "";
  let nginx: ChildProcess | undefined;
  let procs: ServerProcess[] = [];
  let schema: PostgresSchema | undefined;
  let redis: Redis | undefined;
  let browser: Browser | undefined;
  let httpsPort = 0;
  let base = 0;
  let site = "";

  before(async function () {
    requireTool(this, NGINX, "apt-get install nginx");
    requireTool(this, CHROMIUM, "apt-get install chromium");
    httpsPort = await freePorts(2, 8400 + (process.pid % 500) * 2);
    base = await freePorts(2, 4700 + (process.pid % 300) * 2);
    site = `https://127.0.0.1:${httpsPort}`;
    const pg = await postgresOrSkip(this);
    const redisUrl = `${(await redisOrSkip(this)).replace(/\/\d*$/, "")}/${REDIS_DB}`;
    redis = new Redis(redisUrl);
    await redis.flushdb();
    schema = await createPostgresSchema(pg);
    dir = mkdtempSync(join(tmpdir(), "cohort-nginx-"));
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=127.0.0.1",
      "-keyout", join(dir, "key.pem"), "-out", join(dir, "cert.pem")], { stdio: "ignore" });
    const siteConf = renderNginxSite({
      serverName: "127.0.0.1", basePort: base, processes: 2, certificate: join(dir, "cert.pem"), certificateKey: join(dir, "key.pem"),
      clientDir: join(__dirname, "../../client/dist"), adminAllow: ["192.0.2.1"], httpsPort, httpPort: httpsPort + 1,
    });
    writeFileSync(join(dir, "site.conf"), siteConf);
    mkdirSync(join(dir, "logs"));
    // The main file is the test's own (Debian's lives in /etc/nginx); the site block is exactly what operators get.
    writeFileSync(join(dir, "nginx.conf"), `daemon off; user root root; worker_processes 1; pid ${dir}/nginx.pid; error_log ${dir}/logs/error.log warn;
events { worker_connections 512; }
http {
  include /etc/nginx/mime.types;
  access_log ${dir}/logs/access.log;
  client_body_temp_path ${dir}/body; proxy_temp_path ${dir}/proxy; fastcgi_temp_path ${dir}/fcgi; uwsgi_temp_path ${dir}/uwsgi; scgi_temp_path ${dir}/scgi;
  include ${dir}/site.conf;
}
`);
    execFileSync(NGINX, ["-t", "-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "pipe" });
    nginx = spawn(NGINX, ["-p", dir, "-c", join(dir, "nginx.conf")], { stdio: "ignore" });
    const env = { DATABASE_URL: schema.url, REDIS_URL: redisUrl, PUBLIC_ADDRESS: `127.0.0.1:${httpsPort}/ws/{port}`, PUBLIC_URL: site, ADMIN_PASSWORD };
    procs = [await startServerProcess(base, env), await startServerProcess(base + 1, env)];
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--disable-background-networking", "--disable-component-update", "--no-first-run", "--ignore-certificate-errors"],
    });
  });

  after(async () => {
    await browser?.close();
    await Promise.all(procs.map((p) => p.stop()));
    nginx?.kill("SIGQUIT");
    await redis?.flushdb();
    redis?.disconnect();
    await schema?.drop();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it("serves assets with a long cache, keeps admin paths to allowed networks, and plays a session over wss", async () => {
    process.env.NODE_TLS_REJECT_UNAUTHORIZED = "0"; // the throw-away certificate, for fetch in this process only
    try {
      const redirect = await fetch(`http://127.0.0.1:${httpsPort + 1}/join/X`, { redirect: "manual" });
      assert.equal(redirect.status, 301);
      assert.equal(redirect.headers.get("location"), `https://127.0.0.1:${httpsPort}/join/X`);
      const admin = await fetch(`${site}/admin/`);
      assert.equal(admin.status, 403, "researcher pages are closed to networks not allowed");
      assert.equal((await fetch(`${site}/api/sessions`)).status, 403);
      const page = await (await fetch(`${site}/p/${"a".repeat(32)}`)).text();
      const asset = page.match(/\/assets\/participant-[A-Z0-9]+\.js/)![0];
      const js = await fetch(`${site}${asset}`);
      assert.equal(js.status, 200);
      assert.match(js.headers.get("cache-control") ?? "", /max-age=31536000, immutable/);
    } finally {
      delete process.env.NODE_TLS_REJECT_UNAUTHORIZED;
    }

    // Sessions are created on a process directly (as an operator on the machine would), then played through nginx.
    const created = await fetch(`${procs[0].url}/api/sessions`, {
      method: "POST",
      headers: { authorization: `Basic ${Buffer.from(`admin:${ADMIN_PASSWORD}`).toString("base64")}`, "content-type": "application/json" },
      body: JSON.stringify({ experiment: experiment({ game: { groupSize: 2, rounds: 1 }, stages: { decisionSeconds: 60, resultsSeconds: 1 }, completion: { url: `${site}/health?cc={code}` } }) }),
    });
    const { code } = await created.json();
    const pages = await Promise.all([0, 1].map(async () => (await browser!.newContext({ ignoreHTTPSErrors: true })).newPage()));
    const sockets: string[] = [];
    pages.forEach((p) => p.on("websocket", (ws) => sockets.push(ws.url())));
    await Promise.all(pages.map(async (page, i) => {
      await page.goto(`${site}/join/${code}?label=tls${i}`);
      await page.click("#agree");
      await page.waitForSelector("#lock:not([disabled])", { timeout: 30_000 });
      await page.$eval("#contribution", (el, v) => {
        (el as HTMLInputElement).value = String(v);
        el.dispatchEvent(new Event("input", { bubbles: true }));
      }, 7 + i);
      await page.click("#lock");
    }));
    await Promise.all(pages.map((p) => p.waitForURL(/\/health\?cc=C1A2B3C4$/, { timeout: 30_000 })));
    assert.ok(sockets.length >= 4 && sockets.every((u) => u.startsWith(`wss://127.0.0.1:${httpsPort}/ws/`)), sockets.join(" "));
  });
});
