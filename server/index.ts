// Process entry: read env, open the store, define the server and listen. Nothing else.
import "./polyfills.js";
import { RedisDriver } from "@colyseus/redis-driver";
import { RedisPresence } from "@colyseus/redis-presence";
import { resolve } from "node:path";
import { createApp } from "./app.js";
import { ensureDemoSession } from "./demo.js";
import { EnvError, readSettings } from "./env.js";
import { createLogger } from "./logger.js";
import { createDataSource } from "./store/dataSource.js";
import { EventWriter } from "./store/eventWriter.js";
import { openTypeormStore } from "./store/typeormStore.js";

const redact = (url: string) => url.replace(/\/\/[^@/]*@/, "//…@");

async function main() {
  const settings = readSettings();
  const log = createLogger(settings.logLevel);
  const store = await openTypeormStore(createDataSource({ url: settings.databaseUrl, poolSize: settings.dbPoolSize }));
  const root = resolve(__dirname, "..");
  // Live moves of every room go to the store together; written out before the store closes.
  const events = new EventWriter(store, log);
  const server = createApp({
    store, events, log, admin: settings.admin, publicUrl: settings.publicUrl,
    clientDir: resolve(root, "client/dist"), experimentsDir: resolve(root, "experiments"),
    // Several processes share one logical lobby through Redis; alone, presence and driver stay in memory.
    ...(settings.redisUrl ? { presence: new RedisPresence(settings.redisUrl), driver: new RedisDriver(settings.redisUrl) } : {}),
    publicAddress: settings.publicAddress ?? undefined,
  });
  server.onShutdown(async () => {
    await events.close();
    await store.close();
  });
  await server.listen(settings.port, settings.host);

  const demo = settings.demo.enabled ? await ensureDemoSession(store, resolve(root, settings.demo.experimentFile)) : null;
  const u = settings.publicUrl;
  const lines = [
    `Cohort is running on ${u} (${settings.production ? "production" : "development"}, port ${settings.port}, store ${redact(settings.databaseUrl)}, ${settings.redisUrl ? `Redis ${redact(settings.redisUrl)}` : "in-memory presence"})`,
    demo ? `  Participant link (demo): ${u}/join/${demo.code}?label=alice   (change the label per tab)` : null,
    `  Admin page:              ${u}/admin   (user "${settings.admin.user}"${settings.production ? "" : `, password "${settings.admin.password}"`})`,
    `  Colyseus monitor:        ${u}/colyseus`,
    demo ? `  Data export (demo):      ${u}/api/sessions/${demo.code}/export.csv` : null,
  ];
  console.log(lines.filter(Boolean).join("\n"));
  if (typeof process.send === "function") process.send("ready"); // pm2 wait_ready
}

main().catch((err) => {
  if (err instanceof EnvError) {
    console.error(err.message);
  } else {
    console.error(err);
  }
  process.exit(1);
});
