/** Turning zod results into the errors forms and the API show: what is wrong, and where. */
import type { z } from 'zod';
import { ValidationError, type FieldIssue } from '../errors';

export function issuesOf(error: z.ZodError): FieldIssue[] {
  return error.issues.map((i) => ({ path: i.path.map((p) => (typeof p === 'symbol' ? String(p) : p)), message: i.message }));
}

/** Field name → first message, for re-rendering a form next to its inputs. */
export function fieldErrors(issues: FieldIssue[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of issues) {
    const key = issue.path.join('.') || '_form';
    out[key] ??= issue.message;
  }
  return out;
}

/** Parses `input` with `schema` or throws a ValidationError listing every issue. */
export function parseOrThrow<S extends z.ZodType>(schema: S, input: unknown, message = 'Some fields need attention'): z.infer<S> {
  const result = schema.safeParse(input);
  if (!result.success) throw new ValidationError(message, issuesOf(result.error));
  return result.data;
}
