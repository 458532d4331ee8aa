// The process logger (pino): JSON lines in production, one line per event otherwise.
import pino, { type Logger } from "pino";

/** A pino logger at `level`. */
export function createLogger(level: string): Logger {
  return pino({ level, base: { pid: process.pid }, redact: ["*.token", "*.password", "token", "password"] });
}
