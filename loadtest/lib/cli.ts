// Runs a benchmark's main() as a command: its number is the exit code; a crash prints the stack and exits 1.
export function runMain(main: () => Promise<number>): void {
  main().then((code) => process.exit(code), (e) => {
    console.error(e instanceof Error ? e.stack : e);
    process.exit(1);
  });
}
