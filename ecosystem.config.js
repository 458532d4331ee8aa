// pm2 process file: COHORT_PROCESSES Cohort processes in fork mode, one port each, sharing Redis and PostgreSQL.
// Start:  npx pm2 start ecosystem.config.js      Reload (drains groups):  npx pm2 reload cohort      Stop:  npx pm2 delete cohort
// Every setting comes from the environment of the shell that runs pm2 (see README, "Deployment").

const processes = Number(process.env.COHORT_PROCESSES || 2);
const basePort = Number(process.env.PORT || 2567);
// A stopping process lets its groups finish (see README); pm2 kills it after this long regardless.
const drainSeconds = Number(process.env.COHORT_DRAIN_SECONDS || 900);

module.exports = {
  apps: [
    {
      name: "cohort",
      // A .js entry that loads the TypeScript through tsx (pm2 would try ts-node, which TypeScript 7 does not support).
      script: "server/main.js",
      // Fork mode, one port per process (cluster mode sharing one port breaks seat reservations).
      exec_mode: "fork",
      instances: processes,
      increment_var: "PORT",
      env: { PORT: basePort, NODE_ENV: process.env.NODE_ENV || "production" },
      // The server calls process.send("ready") once it listens.
      wait_ready: true,
      listen_timeout: 30_000,
      kill_timeout: drainSeconds * 1000,
      max_memory_restart: process.env.COHORT_MAX_MEMORY || "1G",
      time: true,
      out_file: process.env.COHORT_LOG_DIR ? `${process.env.COHORT_LOG_DIR}/cohort-out.log` : "logs/cohort-out.log",
      error_file: process.env.COHORT_LOG_DIR ? `${process.env.COHORT_LOG_DIR}/cohort-error.log` : "logs/cohort-error.log",
      merge_logs: true,
    },
  ],
};
