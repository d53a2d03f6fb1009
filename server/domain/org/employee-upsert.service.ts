/**
 * The one way employees are written in bulk: CSV import, the API's POST/PATCH and bulk endpoint, and the
 * admin form all go through `planUpsert` (validate, match by lower-cased email, say what would change) and
 * `applyUpsert` (the same plan, then every write in ONE transaction: any bad row means nothing is written).
 *
 * A field absent from a row keeps the person's current value (a CSV without a `locale` column does not reset
 * anyone's language); a present but empty optional field (team, manager, start date) clears it; an empty
 * role, locale, time zone or active keeps the current value, or takes the default for a new person.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { ConflictError, ValidationError, type FieldIssue } from '../../errors';
import { endAllSessions } from '../auth/sessions.service';
import { endSeriesOfLeavers, endSeriesOfMovedReports } from '../one-on-ones/series.service';
import { employeeInputSchema, type EmployeeInput } from './employee.schema';
import { employeeInclude } from './employees.service';
import { LAST_ADMIN, lockHrRoster, revokeTokensOfFormerAdmins } from './hr-admins';
import { breathe } from '../shared/event-loop';
import { auditUpsert, snapshotBeforeUpsert } from './employee-audit';

/** One row to write. `ref` prefixes its issue paths (["line", 7] for CSV, ["employees", 3] for the API). */
export interface UpsertRow {
  ref: (string | number)[];
  data: Record<string, unknown>;
  /** Set to update this person by id (their email may change); otherwise matched by email. */
  id?: string;
}

export type UpsertAction = 'create' | 'update' | 'unchanged';

export interface PlannedRow {
  ref: (string | number)[];
  action: UpsertAction;
  existingId?: string;
  existingEmail?: string;
  wasActive?: boolean;
  /** The person was an active HR admin before this write. */
  wasActiveAdmin?: boolean;
  values: EmployeeInput;
}

export interface UpsertPlan {
  issues: FieldIssue[];
  rows: PlannedRow[];
  counts: Record<UpsertAction, number>;
  newDepartments: string[];
  newTeams: { department: string; team: string }[];
}

const FIELDS = ['email', 'name', 'department', 'team', 'managerEmail', 'role', 'startDate', 'locale', 'timeZone', 'active'] as const;
const DEFAULTED = new Set(['role', 'locale', 'timeZone', 'active']);
const CHUNK = 500;

type Existing = Awaited<ReturnType<typeof loadByEmails>>[number];

async function loadByEmails(db: DbTx, emails: string[]) {
  const out = [];
  for (let i = 0; i < emails.length; i += CHUNK) {
    out.push(...(await db.employee.findMany({ where: { email: { in: emails.slice(i, i + CHUNK) } }, include: employeeInclude })));
  }
  return out;
}

function currentValues(e: Existing): EmployeeInput {
  return {
    email: e.email,
    name: e.name,
    department: e.team?.department.name,
    team: e.team?.name,
    managerEmail: e.manager?.email,
    role: e.role as EmployeeInput['role'],
    startDate: e.startDate ?? undefined,
    locale: e.locale as EmployeeInput['locale'],
    timeZone: e.timeZone,
    active: e.active,
  };
}

function isGiven(data: Record<string, unknown>, field: string): boolean {
  const v = data[field];
  if (v === undefined) return false;
  return !(DEFAULTED.has(field) && (v === '' || v === null));
}

const refText = (ref: (string | number)[]) => ref.join(' ');
const teamKey = (department: string, team: string) => `${department.toLowerCase()}\u0000${team.toLowerCase()}`;

/** Validates every row and works out what writing them would do, without writing anything. */
export async function planUpsert(db: DbTx, rows: UpsertRow[]): Promise<UpsertPlan> {
  const issues: FieldIssue[] = [];
  const parsed: { row: UpsertRow; input: EmployeeInput }[] = [];
  const firstByEmail = new Map<string, (string | number)[]>();
  // 5,000 rows of checks take ~100 ms of CPU: in slices, so other requests are served meanwhile.
  for (const [i, row] of rows.entries()) {
    await breathe(i);
    const result = employeeInputSchema.safeParse(row.data);
    if (!result.success) {
      for (const i of result.error.issues) issues.push({ path: [...row.ref, ...i.path.map(String)], message: i.message });
      continue;
    }
    const first = firstByEmail.get(result.data.email);
    if (first) {
      issues.push({ path: [...row.ref, 'email'], message: `This email is also on ${refText(first)}` });
      continue;
    }
    firstByEmail.set(result.data.email, row.ref);
    parsed.push({ row, input: result.data });
  }

  const byId = new Map<string, Existing>();
  const ids = parsed.flatMap((p) => (p.row.id ? [p.row.id] : []));
  if (ids.length) for (const e of await db.employee.findMany({ where: { id: { in: ids } }, include: employeeInclude })) byId.set(e.id, e);
  const referenced = new Set<string>();
  for (const p of parsed) {
    referenced.add(p.input.email);
    if (p.input.managerEmail) referenced.add(p.input.managerEmail);
  }
  const byEmail = new Map((await loadByEmails(db, [...referenced])).map((e) => [e.email, e]));
  const departments = await db.department.findMany({ include: { teams: true } });
  const deptByName = new Map(departments.map((d) => [d.name.toLowerCase(), d]));
  const teamsByName = new Map<string, { department: string; team: string }[]>();
  for (const d of departments) for (const t of d.teams) teamsByName.set(t.name.toLowerCase(), [...(teamsByName.get(t.name.toLowerCase()) ?? []), { department: d.name, team: t.name }]);

  const plannedRows: PlannedRow[] = [];
  const newDepartments = new Map<string, string>();
  const newTeams = new Map<string, { department: string; team: string }>();
  const emailsInFile = new Set(parsed.map((p) => p.input.email));
  for (const [i, { row, input }] of parsed.entries()) {
    await breathe(i);
    const existing = row.id ? byId.get(row.id) : byEmail.get(input.email);
    const current = existing ? currentValues(existing) : undefined;
    const rowIssue = (field: string, message: string) => issues.push({ path: [...row.ref, field], message });
    const values = { ...input };
    for (const f of FIELDS) if (!isGiven(row.data, f) && current) (values as Record<string, unknown>)[f] = current[f];
    // Department and team travel together: a row that names either one sets both.
    if (current && !isGiven(row.data, 'team') && !isGiven(row.data, 'department')) {
      values.department = current.department;
      values.team = current.team;
    }
    if (existing && row.id && values.email !== existing.email) {
      const other = byEmail.get(values.email) ?? (await db.employee.findUnique({ where: { email: values.email }, include: employeeInclude }));
      if (other && other.id !== existing.id) rowIssue('email', 'Someone else already has this email address');
    }
    if (values.team) {
      if (!values.department) {
        const known = teamsByName.get(values.team.toLowerCase()) ?? [];
        if (known.length === 1) values.department = known[0].department;
        else rowIssue('department', known.length ? `Several departments have a team called ${values.team}; name the department` : `Name the department of the new team ${values.team}`);
      }
    }
    if (values.department) {
      const dept = deptByName.get(values.department.toLowerCase());
      if (dept) values.department = dept.name;
      else newDepartments.set(values.department.toLowerCase(), newDepartments.get(values.department.toLowerCase()) ?? values.department);
      if (values.team) {
        const team = dept?.teams.find((t) => t.name.toLowerCase() === values.team!.toLowerCase());
        if (team) values.team = team.name;
        else {
          const k = teamKey(values.department, values.team);
          if (!newTeams.has(k)) newTeams.set(k, { department: newDepartments.get(values.department.toLowerCase()) ?? values.department, team: values.team });
          values.team = newTeams.get(k)!.team;
        }
      }
    }
    if (values.managerEmail && values.managerEmail !== current?.managerEmail) {
      if (values.managerEmail === values.email) rowIssue('managerEmail', 'A person cannot be their own manager');
      else if (!emailsInFile.has(values.managerEmail) && !byEmail.has(values.managerEmail)) rowIssue('managerEmail', 'Nobody has this email address, here or in the directory');
    }
    const action: UpsertAction = !current ? 'create' : FIELDS.some((f) => (values[f] ?? null) !== (current[f] ?? null)) ? 'update' : 'unchanged';
    plannedRows.push({
      ref: row.ref,
      action,
      existingId: existing?.id,
      existingEmail: existing?.email,
      wasActive: existing?.active,
      wasActiveAdmin: !!existing && existing.active && existing.role === 'hr_admin',
      values,
    });
  }

  // Never leave the organisation without an active HR admin.
  const admins = new Set((await db.employee.findMany({ where: { role: 'hr_admin', active: true }, select: { email: true } })).map((a) => a.email));
  for (const p of plannedRows) {
    if (p.existingEmail) admins.delete(p.existingEmail);
    if (p.values.role === 'hr_admin' && p.values.active) admins.add(p.values.email);
  }
  if (admins.size === 0) issues.push({ path: [], message: LAST_ADMIN });

  const counts = { create: 0, update: 0, unchanged: 0 };
  for (const p of plannedRows) counts[p.action]++;
  return { issues, rows: plannedRows, counts, newDepartments: [...newDepartments.values()], newTeams: [...newTeams.values()] };
}

export interface UpsertResult {
  counts: Record<UpsertAction, number>;
  /** email → id of every row written or matched. */
  ids: Map<string, string>;
  /** Per row, in input order: the id and what happened. */
  rows: { id: string; action: UpsertAction }[];
}

/**
 * Plans and, when no row has an issue, writes everything in one transaction. Throws ValidationError otherwise.
 * The transaction holds the HR roster lock (hr-admins.ts) from its start, so "no active HR admin left" is judged
 * on what every other change has committed; an HR admin demoted or deactivated here loses their API tokens.
 */
export async function applyUpsert(ctx: AppContext, rows: UpsertRow[], message = 'Some rows need attention'): Promise<UpsertResult> {
  const now = ctx.clock.now();
  let deactivated: string[] = [];
  let result: UpsertResult;
  try {
    result = await ctx.db.$transaction(
      async (tx) => {
        await lockHrRoster(tx, now);
        const plan = await planUpsert(tx, rows);
        if (plan.issues.length) throw new ValidationError(message, plan.issues);
        const deptIds = new Map((await tx.department.findMany()).map((d) => [d.name.toLowerCase(), d.id]));
        for (const name of plan.newDepartments) deptIds.set(name.toLowerCase(), (await tx.department.create({ data: { name } })).id);
        const teamIds = new Map((await tx.team.findMany({ include: { department: true } })).map((t) => [teamKey(t.department.name, t.name), t.id]));
        for (const t of plan.newTeams) {
          const created = await tx.team.create({ data: { name: t.team, departmentId: deptIds.get(t.department.toLowerCase())! } });
          teamIds.set(teamKey(t.department, t.team), created.id);
        }
        const before = await snapshotBeforeUpsert(tx, plan);
        const ids = new Map<string, string>();
        const written = new Map<string, Record<string, unknown>>();
        const creates = [];
        deactivated = [];
        for (const p of plan.rows) {
          const v = p.values;
          const data = {
            email: v.email,
            name: v.name,
            role: v.role,
            teamId: v.team && v.department ? teamIds.get(teamKey(v.department, v.team))! : null,
            startDate: v.startDate ?? null,
            locale: v.locale,
            timeZone: v.timeZone,
            active: v.active,
          };
          written.set(v.email, data);
          if (p.action === 'create') {
            const id = crypto.randomUUID();
            ids.set(v.email, id);
            creates.push({ ...data, id, deactivatedAt: v.active ? null : now });
          } else {
            ids.set(v.email, p.existingId!);
            if (p.action === 'update') {
              const activeChange = p.wasActive === v.active ? {} : { deactivatedAt: v.active ? null : now };
              await tx.employee.update({ where: { id: p.existingId }, data: { ...data, ...activeChange } });
              if (p.wasActive && !v.active) deactivated.push(p.existingId!);
            }
          }
        }
        if (creates.length) await tx.employee.createMany({ data: creates });
        const formerAdmins = plan.rows.filter((p) => p.wasActiveAdmin && !(p.values.role === 'hr_admin' && p.values.active)).map((p) => p.existingId!);
        await revokeTokensOfFormerAdmins(tx, formerAdmins, now);
        // Second pass: managers, who may be rows of the same file or people already in the directory.
        const outsideEmails = [...new Set(plan.rows.flatMap((p) => (p.values.managerEmail && !ids.has(p.values.managerEmail) ? [p.values.managerEmail] : [])))];
        const outside = new Map((await loadByEmails(tx, outsideEmails)).map((e) => [e.email, e.id]));
        const byManager = new Map<string | null, string[]>();
        for (const p of plan.rows) {
          if (p.action === 'unchanged') continue;
          const email = p.values.managerEmail;
          const managerId = email ? (ids.get(email) ?? outside.get(email) ?? null) : null;
          byManager.set(managerId, [...(byManager.get(managerId) ?? []), ids.get(p.values.email)!]);
        }
        for (const [managerId, employeeIds] of byManager) {
          // A report who moves to another manager ends their 1:1 series with the old one (history kept).
          await endSeriesOfMovedReports(ctx, tx, employeeIds, managerId);
          for (let i = 0; i < employeeIds.length; i += CHUNK) {
            await tx.employee.updateMany({ where: { id: { in: employeeIds.slice(i, i + CHUNK) } }, data: { managerId } });
          }
        }
        // Leavers' 1:1 series end with them.
        await endSeriesOfLeavers(ctx, tx, deactivated);
        await auditUpsert(ctx, tx, plan, before, (email) => ({ id: ids.get(email)!, data: written.get(email)! }));
        return { counts: plan.counts, ids, rows: plan.rows.map((p) => ({ id: ids.get(p.values.email)!, action: p.action })) };
      },
      { timeout: 60_000, maxWait: 10_000 },
    );
  } catch (err) {
    if (isUniqueViolation(err)) throw new ConflictError('Someone else changed the directory at the same time; try again');
    throw err;
  }
  for (const id of deactivated) await endAllSessions(ctx, id);
  ctx.kick('send-emails');
  return result;
}

/** The dry run: what `applyUpsert` would do with `rows`, and every issue, without writing. */
export function previewUpsert(ctx: AppContext, rows: UpsertRow[]): Promise<UpsertPlan> {
  return planUpsert(ctx.db, rows);
}
