/** Predicates that several schemas share (each schema keeps its own message). */

/** True when `zone` is an IANA time zone this runtime knows, e.g. Asia/Jakarta. */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/**
 * `zone` when this runtime knows it, else UTC: for zones read back from rows written before every input was
 * validated (setup once accepted any text), so a page or an email still renders, in UTC, instead of failing.
 */
export function zoneOrUtc(zone: string | null | undefined): string {
  return zone && isTimeZone(zone) ? zone : 'UTC';
}

/** True for a real calendar date written YYYY-MM-DD. */
export function isIsoDate(value: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(value)) return false;
  const d = new Date(`${value}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().startsWith(value);
}
