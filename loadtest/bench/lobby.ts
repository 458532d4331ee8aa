// Benchmark "lobby burst" — not written yet, on purpose: it measures many participants arriving at once at a lobby
// served by several processes, which needs the multi-process Redis set-up (presence, driver, lobby ownership) that is
// being built alongside. Prints what it will measure and exits 0 so `npm run bench:lobby` is never mistaken for a pass.
console.log(`bench:lobby is not available yet.

It will measure a burst of arrivals (e.g. 2,000 participants in 10 s) through entry → consent → lobby seat → matched,
across several Cohort processes sharing Redis presence and driver: time to be grouped (p50/p95/p99), lobby event-loop
lag, refused or expired seat reservations, and groups formed per second.

It needs the multi-process deployment (Redis presence/driver, store-backed lobby ownership, pm2 or forked processes)
to be complete; see docs/benchmarks.md, "Lobby burst". Until then, \`npm run loadtest -- --numClients N --delay 0\`
against a running deployment shows how a burst goes through the lobby end to end.`);
