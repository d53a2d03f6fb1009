/** Reading CSV uploads, shared by the imports: header names, the columns a file must and may have, undoing export escapes. */
import type { FieldIssue } from '../../errors';
import { FORMULA_START } from './csv';

/** "Manager-Email", "manager email" and "MANAGER_EMAIL" all become manager_email. */
export function normalizeHeader(h: string): string {
  return h.trim().toLowerCase().replace(/[\s\-/]+/g, '_');
}

/** Undoes the export's formula escaping, so an exported file imports unchanged. */
export function unescapeCell(v: string): string {
  return v.startsWith("'") && FORMULA_START.test(v.slice(1)) ? v.slice(1) : v;
}

/** Problems with a header row (line 1): unknown or repeated columns, and required ones missing. */
export function headerIssues(raw: readonly string[], known: ReadonlySet<string>, required: readonly string[], use: string): FieldIssue[] {
  const columns = raw.map(normalizeHeader);
  const issues: FieldIssue[] = [];
  columns.forEach((c, i) => {
    if (!known.has(c)) issues.push({ path: ['line', 1], message: `Unknown column "${raw[i]}"; use ${use}` });
    else if (columns.indexOf(c) !== i) issues.push({ path: ['line', 1], message: `The column ${c} appears twice` });
  });
  for (const r of required) if (!columns.includes(r)) issues.push({ path: ['line', 1], message: `The column ${r} is missing` });
  return issues;
}
