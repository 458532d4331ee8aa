// Plain-JavaScript entry for pm2: registers tsx, then starts server/index.ts (pm2 would look for ts-node on a .ts script).
require("tsx/cjs");
require("./index.ts");
