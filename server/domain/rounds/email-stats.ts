/** A round's email outcomes once its outbox rows are gone (Round.emailStats, written by release.service.ts). */
export interface EmailStats {
  sent: number;
  failed: number;
  /** Redacted reason → count (addresses removed, as the round page shows them). */
  failures: [string, number][];
}

export function parseEmailStats(raw: string | null): EmailStats {
  const empty: EmailStats = { sent: 0, failed: 0, failures: [] };
  if (!raw) return empty;
  try {
    const v = JSON.parse(raw) as Partial<EmailStats>;
    return { sent: Number(v.sent) || 0, failed: Number(v.failed) || 0, failures: Array.isArray(v.failures) ? v.failures.map(([r, n]) => [String(r), Number(n) || 0]) : [] };
  } catch {
    return empty;
  }
}
