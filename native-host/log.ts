/**
 * Diagnostics for people fixing a desk: stderr only (stdout carries protocol frames), on when
 * CARDFILL_DEBUG=1. Callers pass codes, kinds and ids — never names, numbers or other card fields.
 */
const enabled = process.env['CARDFILL_DEBUG'] === '1';

export function debug(message: string): void {
  if (enabled) process.stderr.write(`[cardfill-host] ${new Date().toISOString()} ${message}\n`);
}
