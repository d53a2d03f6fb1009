/**
 * Turns value rows as people and machines send them (a CSV line, an API item, a grid cell) into ValueWrites,
 * checking everything and saying what is wrong where: who (an email or employee id for person measures; a team
 * id, or a team name with its department when two share it, for team measures), which measure, which period
 * (its key or any date in it), the value (a plain decimal with no more digits than the measure keeps), and
 * whether the writer may change that person's or team's numbers. The same rules for every way in.
 */
import { z } from 'zod';
import type { DbTx } from '../../db/client';
import type { FieldIssue } from '../../errors';
import type { MeasureDef } from './kpi-definitions.service';
import { measuresByKey } from './kpi-definitions.service';
import { machineNumber } from './numbers';
import { periodForGrain } from './periods';
import { fractionDigits, parseDecimal, toScaled } from './rational';
import { timeSlicer } from './time-slice';
import { keyOf } from './value-store';
import type { ValueWrite } from './value-writes.service';

/** One row as sent: `ref` prefixes its issue paths (["line", 7] for CSV, ["values", 3] for the API). */
export interface RawValueRow {
  ref: (string | number)[];
  data: Record<string, unknown>;
}

/** Whose numbers a writer may change: everyone's (HR, API tokens), or these people and teams (a manager). */
export type EditScope = { all: true } | { all: false; people: ReadonlySet<string>; teams: ReadonlySet<string> };

const optionalText = (max: number) =>
  z.preprocess((v) => (v === null || v === undefined ? undefined : typeof v === 'number' ? String(v) : v), z.string().trim().max(max, { message: `Use at most ${max} characters` }).optional());

export const valueRowSchema = z.object({
  email: optionalText(254).transform((v) => v?.toLowerCase() || undefined),
  employeeId: optionalText(100).transform((v) => v || undefined),
  team: optionalText(120).transform((v) => v || undefined),
  teamId: optionalText(100).transform((v) => v || undefined),
  department: optionalText(120).transform((v) => v || undefined),
  measure: z.preprocess((v) => (typeof v === 'string' ? v.trim().toLowerCase() : v), z.string({ message: 'Name the measure' }).min(1, { message: 'Name the measure' }).max(40, { message: 'No measure has this key' })),
  period: z.preprocess((v) => (typeof v === 'number' ? String(v) : v), z.string({ message: 'Give the period' }).trim().min(1, { message: 'Give the period' })),
  value: z.unknown(),
  reason: optionalText(500).transform((v) => v || undefined),
});
export type ValueRowInput = z.input<typeof valueRowSchema>;

const MAX_STORED = 9_000_000_000_000_000n;

interface Person {
  id: string;
  email: string;
  teamId: string;
  departmentId: string;
}
interface TeamInfo {
  id: string;
  name: string;
  departmentId: string;
  departmentName: string;
}

export interface ResolveOptions {
  /** Called now and then with how many rows are done (progress of a large import). */
  onProgress?: (done: number) => Promise<void> | void;
  /** An empty value clears the stored one (the entry grid); elsewhere a value is required. */
  allowClear?: boolean;
}

/** The stored integer for `text` of measure `m`, or the problem with it. */
export function scaledValue(text: string, m: Pick<MeasureDef, 'decimals' | 'unit'>): bigint | { error: string } {
  const r = parseDecimal(text);
  if (!r) return { error: 'Give the value as a number, like 1250000.50' };
  if (fractionDigits(text) > m.decimals) return { error: m.decimals === 0 ? 'Use a whole number for this measure' : `Use at most ${m.decimals} decimals for this measure` };
  if (r.n < 0n && m.unit !== 'money') return { error: 'This measure cannot be negative' };
  const scaled = toScaled(r, m.decimals);
  if (scaled > MAX_STORED || scaled < -MAX_STORED) return { error: 'This number is too large' };
  return scaled;
}

/** Resolves and checks `rows`; every problem is an issue at its row, and rows with problems give no write. */
export async function resolveValueRows(db: DbTx, rows: readonly RawValueRow[], scope: EditScope, fiscalStart: number, opts: ResolveOptions = {}): Promise<{ writes: ValueWrite[]; issues: FieldIssue[] }> {
  const slice = timeSlicer();
  const issues: FieldIssue[] = [];
  const parsed: { ref: (string | number)[]; v: z.infer<typeof valueRowSchema> }[] = [];
  for (const row of rows) {
    await slice();
    const result = valueRowSchema.safeParse(row.data);
    if (!result.success) {
      for (const i of result.error.issues) issues.push({ path: [...row.ref, ...i.path.map(String)], message: i.message });
      continue;
    }
    parsed.push({ ref: row.ref, v: result.data });
  }

  const measures = await measuresByKey({ db });
  const emails = [...new Set(parsed.flatMap((p) => (p.v.email ? [p.v.email] : [])))];
  const employeeIds = [...new Set(parsed.flatMap((p) => (p.v.employeeId ? [p.v.employeeId] : [])))];
  const people = new Map<string, Person>();
  const select = { id: true, email: true, teamId: true, team: { select: { departmentId: true } } } as const;
  for (const [field, list] of [['email', emails], ['id', employeeIds]] as const) {
    for (let i = 0; i < list.length; i += 500) {
      await slice();
      for (const e of await db.employee.findMany({ where: { [field]: { in: list.slice(i, i + 500) } }, select })) {
        const p = { id: e.id, email: e.email, teamId: e.teamId ?? '', departmentId: e.team?.departmentId ?? '' };
        people.set(`email:${e.email}`, p);
        people.set(`id:${e.id}`, p);
      }
    }
  }
  const teams = (await db.team.findMany({ select: { id: true, name: true, departmentId: true, department: { select: { name: true } } } })).map(
    (t): TeamInfo => ({ id: t.id, name: t.name, departmentId: t.departmentId, departmentName: t.department.name }),
  );
  const teamById = new Map(teams.map((t) => [t.id, t]));

  const writes: ValueWrite[] = [];
  const firstRef = new Map<string, (string | number)[]>();
  let done = 0;
  for (const { ref, v } of parsed) {
    await slice();
    if (++done % 5000 === 0) await opts.onProgress?.(done);
    const issue = (field: string, message: string) => issues.push({ path: [...ref, field], message });
    const measure = measures.get(v.measure);
    if (!measure) {
      issue('measure', 'No measure has this key');
      continue;
    }
    let owner: { kind: 'person' | 'team'; id: string; teamId: string; departmentId: string } | null = null;
    if (measure.level === 'person') {
      if (!v.email && !v.employeeId) issue('email', 'This measure is entered per person: give the email');
      else {
        const p = v.employeeId ? people.get(`id:${v.employeeId}`) : people.get(`email:${v.email}`);
        if (!p) issue(v.employeeId ? 'employeeId' : 'email', 'Nobody has this email address');
        else if (!scope.all && !scope.people.has(p.id)) issue(v.employeeId ? 'employeeId' : 'email', 'You cannot change the numbers of this person');
        else owner = { kind: 'person', id: p.id, teamId: p.teamId, departmentId: p.departmentId };
      }
    } else if (v.email || v.employeeId) {
      issue('team', 'This measure is entered per team: give the team instead of a person');
    } else if (!v.team && !v.teamId) {
      issue('team', 'This measure is entered per team: give the team');
    } else {
      const field = v.teamId ? 'teamId' : 'team';
      const named = v.teamId
        ? [teamById.get(v.teamId)].filter((t): t is TeamInfo => !!t)
        : teams.filter((t) => t.name.toLowerCase() === v.team!.toLowerCase() && (!v.department || t.departmentName.toLowerCase() === v.department.toLowerCase()));
      if (named.length > 1) issue('department', 'Several departments have a team with this name; name the department');
      else if (named.length === 0) issue(field, 'No such team');
      else if (!scope.all && !scope.teams.has(named[0].id)) issue(field, 'You cannot change the numbers of this team');
      else owner = { kind: 'team', id: named[0].id, teamId: named[0].id, departmentId: named[0].departmentId };
    }
    const period = periodForGrain(v.period, measure.grain, fiscalStart);
    if ('error' in period) issue('period', period.error);
    const text = machineNumber(v.value);
    const cleared = text === null && !!opts.allowClear && (v.value === '' || v.value === null || v.value === undefined);
    const value = cleared ? null : text === null ? { error: 'Give the value as a number, like 1250000.50' } : scaledValue(text, measure);
    if (value !== null && typeof value !== 'bigint') issue('value', value.error);
    if (!owner || 'error' in period || (value !== null && typeof value !== 'bigint')) continue;
    const key = keyOf({ measureKey: measure.key, ownerKind: owner.kind, ownerId: owner.id, periodStart: period.start });
    const first = firstRef.get(key);
    if (first) {
      issue('period', `The same value is also on ${first.join(' ')}`);
      continue;
    }
    firstRef.set(key, ref);
    writes.push({ ref, measure, ownerKind: owner.kind, ownerId: owner.id, teamId: owner.teamId, departmentId: owner.departmentId, period, value, reason: v.reason ?? null });
  }
  await opts.onProgress?.(parsed.length);
  issues.sort((a, b) => Number(a.path[1] ?? 0) - Number(b.path[1] ?? 0));
  return { writes, issues };
}
