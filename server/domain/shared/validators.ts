/** Predicates that several schemas share (each schema keeps its own message). */

const knownZones = new Set<string>();

/**
 * True when `zone` is an IANA time zone this runtime knows, e.g. Asia/Jakarta. Zones found good are remembered
 * (building an Intl formatter costs ~0.1 ms, and a 5,000-row import checks one per row).
 */
export function isTimeZone(zone: string): boolean {
  if (!zone) return false;
  if (knownZones.has(zone)) return true;
  try {
    new Intl.DateTimeFormat('en', { timeZone: zone });
  } catch {
    return false;
  }
  if (knownZones.size < 1000) knownZones.add(zone);
  return true;
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
