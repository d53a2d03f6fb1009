/**
 * One round's results per group, pure: from the round's cube and the thresholds to what may be shown.
 * A hidden group carries no number at all (no count, no score, no distribution, no response rate).
 */
import { enpsFromCounts, toEnpsScale, type EnpsResult } from './enps';
import { choiceCounts, ratingFromCounts, type ChoiceCount, type RatingResult } from './rating';
import { groupsOfCell, groupTotals, treeOf, visibleFor, type Cell, type GroupRef } from './groups';
import { hiddenReasons, type HiddenReason } from './suppression';
import type { RoundCube } from './round-cube';
import type { RoundQuestionSnapshot } from '../rounds/answer.schema';

/** A round's question as the report reads it: the snapshot, without whether it was required. */
export type ReportQuestion = Omit<RoundQuestionSnapshot, 'required'>;

export interface Thresholds {
  minGroupSize: number;
  minCommentGroupSize: number;
}

export type QuestionResult =
  | { kind: 'enps'; enps: EnpsResult }
  | { kind: 'rating'; rating: RatingResult }
  | { kind: 'choice'; answers: number; options: ChoiceCount[] }
  | { kind: 'comment'; count: number };

export interface GroupReport extends GroupRef {
  visible: boolean;
  /** Why the group is hidden (null when shown), for the page to say so. */
  hiddenReason: HiddenReason | null;
  /** null when hidden. */
  responses: number | null;
  invited: number | null;
  responseRate: number | null;
  /** Per question id: the result, or null when hidden for this group. */
  questions: Record<string, QuestionResult | null>;
}

function parseOptions(raw: string): string[] {
  try {
    const v: unknown = JSON.parse(raw);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** Cells filed under every group they count in (one pass; no scan per group). */
function fileByGroup<T extends Pick<Cell, 'departmentId' | 'teamId'>>(cells: readonly T[], keyOf: (c: T) => string = () => ''): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const c of cells) {
    for (const g of groupsOfCell(c)) {
      const key = `${g.id}|${keyOf(c)}`;
      const list = out.get(key);
      if (list) list.push(c);
      else out.set(key, [c]);
    }
  }
  return out;
}

/**
 * Every group of the round (company, departments, teams) with what may be shown of it, to a viewer inside the
 * groups `insiders` (see suppression.ts; none for a viewer who was not invited).
 */
export function buildRoundReport(cube: RoundCube, questions: readonly ReportQuestion[], t: Thresholds, insiders?: ReadonlySet<string>): GroupReport[] {
  const k = t.minGroupSize;
  const kc = Math.max(t.minCommentGroupSize, k);
  const shape = [...cube.responses, ...cube.invitations.map((i) => ({ ...i, n: 0 }))];
  const groups = [...groupTotals(shape).values()];
  const visible = visibleFor(cube.responses, null, k, k, undefined, insiders);
  const reasons = hiddenReasons(treeOf(cube.responses), k, visible, insiders);
  const perQuestion = new Map<string, Set<string>>();
  const cellsOf = (cells: readonly (Cell & { questionId: string })[]) => {
    const out = new Map<string, Cell[]>();
    for (const c of cells) {
      const list = out.get(c.questionId);
      if (list) list.push(c);
      else out.set(c.questionId, [c]);
    }
    return out;
  };
  const [valuesByQ, choicesByQ, commentsByQ] = [cellsOf(cube.values), cellsOf(cube.choices), cellsOf(cube.comments)];
  for (const q of questions) {
    const metric: Cell[] =
      (q.kind === 'comment' ? commentsByQ : q.kind === 'single' || q.kind === 'multi' ? choicesByQ : valuesByQ).get(q.id) ?? [];
    perQuestion.set(q.id, visibleFor(cube.responses, metric, k, q.kind === 'comment' ? kc : k, visible, insiders));
  }

  const responseCells = fileByGroup(cube.responses);
  const invitationCells = fileByGroup(cube.invitations);
  const valueCells = fileByGroup(cube.values, (c) => c.questionId);
  const choiceCells = fileByGroup(cube.choices, (c) => c.questionId);
  const commentCells = fileByGroup(cube.comments, (c) => c.questionId);

  return groups.map((g) => {
    const shown = visible.has(g.id);
    const responses = (responseCells.get(`${g.id}|`) ?? []).reduce((s, c) => s + c.n, 0);
    const invited = (invitationCells.get(`${g.id}|`) ?? []).reduce((s, c) => s + c.invited, 0);
    const results: Record<string, QuestionResult | null> = {};
    for (const q of questions) {
      if (!shown || !perQuestion.get(q.id)?.has(g.id)) {
        results[q.id] = null;
        continue;
      }
      if (q.kind === 'enps' || q.kind === 'rating') {
        const counts = (valueCells.get(`${g.id}|${q.id}`) ?? []).map((v) => ({ value: v.value, count: v.n }));
        results[q.id] = q.kind === 'enps' ? { kind: 'enps', enps: enpsFromCounts(counts, toEnpsScale(q.enpsScale)) } : { kind: 'rating', rating: ratingFromCounts(counts) };
      } else if (q.kind === 'single' || q.kind === 'multi') {
        const grouped = (choiceCells.get(`${g.id}|${q.id}`) ?? []).map((c) => ({ choices: c.choices, count: c.n }));
        results[q.id] = { kind: 'choice', ...choiceCounts(parseOptions(q.options), grouped) };
      } else {
        results[q.id] = { kind: 'comment', count: (commentCells.get(`${g.id}|${q.id}`) ?? []).reduce((s, c) => s + c.n, 0) };
      }
    }
    return {
      id: g.id,
      kind: g.kind,
      parentId: g.parentId,
      departmentId: g.departmentId,
      teamId: g.teamId,
      visible: shown,
      hiddenReason: shown ? null : (reasons.get(g.id) ?? 'few'),
      responses: shown ? responses : null,
      invited: shown ? invited : null,
      responseRate: shown && invited > 0 ? Math.min(1, responses / invited) : null,
      questions: results,
    };
  });
}
