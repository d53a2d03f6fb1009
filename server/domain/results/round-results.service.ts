/**
 * One round's results as a person may see them: the round, its questions, and the groups in their scope
 * (company, departments, teams) with what the thresholds allow. Comments come separately (commentsOf),
 * only for groups above the comment threshold, in random order and without dates.
 */
import crypto from 'node:crypto';
import type { AppContext } from '../../context';
import { ForbiddenError, NotFoundError } from '../../errors';
import { groupInScope, mayOpenRound, type Viewer } from './access';
import { roundCube } from './round-cube';
import { buildRoundReport, type GroupReport, type ReportQuestion, type Thresholds } from './round-report';
import { getThresholds } from './settings.service';
import { departmentsInScope, membershipsOf } from './viewer.service';
import { insiderGroups } from './groups';

export interface NamedGroup extends GroupReport {
  name: string;
}

export interface RoundResults {
  round: { id: string; title: string; openedAt: Date; closedAt: Date | null; published: boolean; status: string };
  questions: ReportQuestion[];
  thresholds: Thresholds;
  company: NamedGroup | null;
  departments: (NamedGroup & { teams: NamedGroup[] })[];
  /** Teams whose response had no department. */
  looseTeams: NamedGroup[];
}

export async function roundResults(ctx: AppContext, roundId: string, viewer: Viewer): Promise<RoundResults> {
  const round = await ctx.db.round.findUnique({
    where: { id: roundId },
    select: {
      id: true,
      title: true,
      openedAt: true,
      closedAt: true,
      releasedAt: true,
      published: true,
      status: true,
      questions: { orderBy: { position: 'asc' }, select: { id: true, position: true, kind: true, text: true, textId: true, options: true, optionsId: true, enpsScale: true } },
    },
  });
  if (!round) throw new NotFoundError();
  if (!mayOpenRound(viewer, round)) throw new ForbiddenError();
  const [cube, thresholds, scopeDepartments, memberships] = await Promise.all([
    roundCube(ctx, round),
    getThresholds(ctx),
    departmentsInScope(ctx, viewer),
    membershipsOf(ctx, viewer, [round.id]),
  ]);
  // A viewer who was invited to the round needs k others in every group that holds them.
  const insiders = insiderGroups(memberships.get(round.id));
  const report = buildRoundReport(cube, round.questions, thresholds, insiders).filter((g) => groupInScope(viewer, g, round.published, scopeDepartments));

  const deptIds = [...new Set(report.map((g) => g.departmentId).filter((id): id is string => id !== null))];
  const teamIds = [...new Set(report.map((g) => g.teamId).filter((id): id is string => id !== null))];
  const [departments, teams] = await Promise.all([
    ctx.db.department.findMany({ where: { id: { in: deptIds } }, select: { id: true, name: true } }),
    ctx.db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } }),
  ]);
  const deptName = new Map(departments.map((d) => [d.id, d.name]));
  const teamName = new Map(teams.map((t) => [t.id, t.name]));
  const named = (g: GroupReport): NamedGroup => ({ ...g, name: g.kind === 'team' ? (teamName.get(g.teamId as string) ?? '—') : g.kind === 'department' ? (deptName.get(g.departmentId as string) ?? '—') : '' });
  const byName = (a: NamedGroup, b: NamedGroup) => a.name.localeCompare(b.name);

  const teamsOf = (departmentId: string) => report.filter((g) => g.kind === 'team' && g.departmentId === departmentId).map(named).sort(byName);
  const deptGroups = report.filter((g) => g.kind === 'department').map((g) => ({ ...named(g), teams: teamsOf(g.departmentId as string) }));
  // A manager sees their teams even when the department itself is out of scope.
  const orphanDepts = new Set(report.filter((g) => g.kind === 'team' && g.departmentId && !deptGroups.some((d) => d.departmentId === g.departmentId)).map((g) => g.departmentId as string));
  return {
    round: { id: round.id, title: round.title, openedAt: round.openedAt, closedAt: round.closedAt, published: round.published, status: round.status },
    questions: round.questions,
    thresholds,
    company: report.find((g) => g.kind === 'company') ? named(report.find((g) => g.kind === 'company') as GroupReport) : null,
    departments: deptGroups.sort(byName),
    looseTeams: [...report.filter((g) => g.kind === 'team' && !g.departmentId).map(named), ...[...orphanDepts].flatMap(teamsOf)].sort(byName),
  };
}

function shuffle<T>(items: T[]): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = crypto.randomInt(i + 1);
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

/**
 * The comments to `questionId` in group `g`, shuffled, text only. Returns [] unless the group's comment
 * count is shown (above the comment threshold and safe against differencing).
 */
export async function commentsOf(ctx: AppContext, roundId: string, questionId: string, g: GroupReport): Promise<string[]> {
  const shown = g.questions[questionId];
  if (!g.visible || !shown || shown.kind !== 'comment' || shown.count === 0) return [];
  const rows = await ctx.db.answer.findMany({
    where: {
      questionId,
      comment: { not: null },
      response: { roundId, ...(g.kind === 'department' ? { departmentId: g.departmentId } : g.kind === 'team' ? { teamId: g.teamId, departmentId: g.departmentId } : {}) },
    },
    select: { comment: true },
  });
  return shuffle(rows.map((r) => r.comment as string).filter((c) => c.trim() !== ''));
}
