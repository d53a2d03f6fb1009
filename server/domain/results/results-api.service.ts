/**
 * The results API for BI tools (/api/v1/results): the same numbers as the results pages, through the same
 * services (roundResults: access rules, thresholds, the insider rule), for the person who made the API token,
 * with their current role and scope. API tokens authenticate only while their maker is an active HR admin
 * (api-tokens.service.ts), so today that is HR's view; the scope still comes from the viewer, never from here.
 */
import type { AppContext } from '../../context';
import { ForbiddenError } from '../../errors';
import { mayOpenRound, type Viewer } from './access';
import type { EnpsResult } from './enps';
import { listResultRounds } from './result-rounds.service';
import { roundResults, type NamedGroup } from './round-results.service';
import { viewerOf } from './viewer.service';

/** eNPS as the API gives it: counts and the score; null when the group is hidden or the round asked none. */
export interface ApiEnps {
  score: number | null;
  responses: number;
  promoters: number;
  passives: number;
  detractors: number;
  scale: string;
}

export interface ApiGroup {
  kind: 'company' | 'department' | 'team';
  departmentId: string | null;
  teamId: string | null;
  name: string;
  /** False when the group is below the thresholds: then every number is null. */
  visible: boolean;
  responses: number | null;
  invited: number | null;
  responseRate: number | null;
  enps: ApiEnps | null;
}

export interface ApiRound {
  id: string;
  title: string;
  openedAt: string;
  closedAt: string | null;
  published: boolean;
  /** The company group, when the token's maker may see it (HR always; others once published). */
  company: ApiGroup | null;
}

export const NO_RESULTS_ACCESS = 'The person who made this API token may not see results (not active, or not HR or a manager)';

/** The results viewer behind API token `tokenId`: its maker, as they are now. */
export async function apiViewer(ctx: AppContext, tokenId: string): Promise<Viewer> {
  const token = await ctx.db.apiToken.findUnique({ where: { id: tokenId }, select: { createdBy: { select: { id: true, role: true, active: true } } } });
  const person = token?.createdBy;
  if (!person?.active || (person.role !== 'hr_admin' && person.role !== 'manager')) throw new ForbiddenError(NO_RESULTS_ACCESS);
  return viewerOf(ctx, person);
}

function apiEnps(e: EnpsResult): ApiEnps {
  return { score: e.score, responses: e.responses, promoters: e.promoters, passives: e.passives, detractors: e.detractors, scale: e.scale };
}

function apiGroup(g: NamedGroup, enpsQuestionId: string | null): ApiGroup {
  const q = enpsQuestionId ? g.questions[enpsQuestionId] : null;
  return {
    kind: g.kind as ApiGroup['kind'],
    departmentId: g.departmentId,
    teamId: g.teamId,
    name: g.name,
    visible: g.visible,
    responses: g.responses,
    invited: g.invited,
    responseRate: g.responseRate,
    enps: g.visible && q && q.kind === 'enps' ? apiEnps(q.enps) : null,
  };
}

/** The released rounds `viewer` may open, newest first (at most `limit`), each with its company numbers when in scope. */
export async function apiRounds(ctx: AppContext, viewer: Viewer, limit: number): Promise<ApiRound[]> {
  const rounds = (await listResultRounds(ctx)).filter((r) => mayOpenRound(viewer, r)).reverse().slice(0, limit);
  return Promise.all(
    rounds.map(async (r) => {
      const results = await roundResults(ctx, r.id, viewer);
      return {
        id: r.id,
        title: r.title,
        openedAt: r.openedAt.toISOString(),
        closedAt: r.closedAt ? r.closedAt.toISOString() : null,
        published: r.published,
        company: results.company ? apiGroup(results.company, r.enpsQuestionId) : null,
      };
    }),
  );
}

/** One round's eNPS per group in `viewer`'s scope: the company, each department, each team (403/404 as the pages). */
export async function apiRoundEnps(ctx: AppContext, viewer: Viewer, roundId: string): Promise<{ roundId: string; groups: ApiGroup[] }> {
  const r = await roundResults(ctx, roundId, viewer);
  const enpsQuestionId = r.questions.find((q) => q.kind === 'enps')?.id ?? null;
  const groups = [...(r.company ? [r.company] : []), ...r.departments.flatMap((d) => [d, ...d.teams]), ...r.looseTeams];
  return { roundId, groups: groups.map((g) => apiGroup(g, enpsQuestionId)) };
}
