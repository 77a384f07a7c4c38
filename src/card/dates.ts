/** Calendar dates as the card record writes them (`YYYY-MM-DD`, docs/architecture.md §2). */

/** Today on this computer's calendar (its local time zone), as `YYYY-MM-DD`: the one copy for host and extension. */
export function localToday(now: Date = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
