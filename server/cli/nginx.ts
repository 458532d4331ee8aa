// `npm run nginx:config -- --server-name H --cert F --key F [--processes N] [--port P] [--admin-allow CIDR,…]`: prints the site.
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { renderNginxSite } from "../deploy/nginxConfig.js";

const { values } = parseArgs({
  options: {
    "server-name": { type: "string" }, cert: { type: "string" }, key: { type: "string" },
    processes: { type: "string", default: process.env.COHORT_PROCESSES ?? "2" }, port: { type: "string", default: process.env.PORT ?? "2567" },
    "admin-allow": { type: "string" }, "https-port": { type: "string", default: "443" }, "http-port": { type: "string", default: "80" },
  },
});
const missing = ["server-name", "cert", "key"].filter((k) => !values[k as keyof typeof values]);
if (missing.length) {
  console.error(`Missing ${missing.map((m) => `--${m}`).join(", ")}.\nUsage: npm run nginx:config -- --server-name experiments.example.org --cert /etc/ssl/cohort.crt --key /etc/ssl/cohort.key [--processes 2] [--port 2567] [--admin-allow 10.0.0.0/8]`);
  process.exit(2);
}
process.stdout.write(renderNginxSite({
  serverName: values["server-name"]!, certificate: values.cert!, certificateKey: values.key!,
  processes: Number(values.processes), basePort: Number(values.port),
  clientDir: resolve(__dirname, "../../client/dist"),
  adminAllow: values["admin-allow"]?.split(",").map((s) => s.trim()).filter(Boolean),
  httpsPort: Number(values["https-port"]), httpPort: Number(values["http-port"]),
}));
