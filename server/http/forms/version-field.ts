/**
 * The hidden `version` field of an edit form (optimistic concurrency): the version of the record the form was
 * filled from, '' when there was none yet (null: the save must create it), undefined when the post has no such
 * field (a caller that does not take part: the save is unconditional).
 */
export function versionField(body: unknown): number | null | undefined {
  const v = (body as Record<string, unknown> | null | undefined)?.version;
  if (v === undefined) return undefined;
  if (v === '') return null;
  const n = typeof v === 'string' && /^\d{1,9}$/.test(v) ? Number(v) : NaN;
  // A mangled field cannot match any stored version: the save is then refused as stale, never applied blindly.
  return Number.isInteger(n) && n >= 1 ? n : 0;
}
