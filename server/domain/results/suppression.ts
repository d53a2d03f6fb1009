/**
 * Confidentiality, pure. A group is shown only with at least `k` responses, and never in a way that lets
 * someone subtract their way to fewer than `k` people.
 *
 * Groups form a tree (company ⊃ departments ⊃ teams). With a set V of shown groups, everything a reader can
 * compute by adding and subtracting shown numbers is a sum of "regions": for each shown group X, the
 * responses in X that are in none of X's nearest shown descendants. So the rule is: every region is 0 or
 * ≥ k. When a region is 0 < r < k, the smallest of X's nearest shown descendants is hidden too (Glint's
 * "next-smallest" rule, Culture Amp's remainder rule), which folds it into X's region, until every region
 * holds. Any sum or difference of shown groups is then a union of regions: 0 or ≥ k.
 *
 * A viewer who is inside a group (invited to the round in that team, department or company) knows their own
 * answer, if they gave one, and could subtract it: a group or region that holds the viewer needs k OTHERS, so
 * it is shown only with at least k + 1 responses (or none). `insiders` names the groups that hold the viewer.
 *
 * Views over several rounds add up only cells already shown per round, so they reveal nothing a reader
 * could not add up themselves. Filters that are not these pre-defined groups (team × tenure, say) are not
 * offered; `thresholdFor` says how the bar would rise if they were.
 */

/** Lowest minimum group size the settings accept. */
export const MIN_GROUP_FLOOR = 3;
/** How much the minimum rises for each filter beyond the first (Leapsome-style). */
export const COMBINED_FILTER_MARGIN = 2;

export interface GroupCount {
  id: string;
  /** null for the root (the company). */
  parentId: string | null;
  n: number;
}

/** The minimum group size for a view made of `filters` combined filters (1 for a pre-defined group). */
export function thresholdFor(k: number, filters = 1): number {
  return Math.max(k, MIN_GROUP_FLOOR) + COMBINED_FILTER_MARGIN * Math.max(0, filters - 1);
}

/** Whether a number of responses may be shown on its own (to a viewer inside the group: k others needed). */
export function reportable(n: number, k: number, insider = false): boolean {
  return n >= Math.max(k, MIN_GROUP_FLOOR) + (insider ? 1 : 0);
}

/** A round's number of responses fit to show: only from k on (watching a smaller count move could name people); else null. */
export function shownCount(responded: number, k: number): number | null {
  return reportable(responded, k) ? responded : null;
}

/** A response rate (0..1) fit to show: only with at least k responses (a smaller count could name people); else null. */
export function shownRate(responded: number, invited: number, k: number): number | null {
  return invited > 0 && reportable(responded, k) ? Math.min(1, responded / invited) : null;
}

const NOBODY: ReadonlySet<string> = new Set();

/** The same order as `a.localeCompare(b)`, without building a collator on every call. */
const byLocale = new Intl.Collator().compare;

/**
 * The ids of the groups that may be shown, so that no group and no difference of shown groups holds
 * 0 < n < k responses, and none that holds the viewer (`insiders`) 0 < n < k + 1. Deterministic: ties are
 * broken by id.
 */
export function visibleGroups(groups: readonly GroupCount[], k: number, insiders: ReadonlySet<string> = NOBODY): Set<string> {
  const floor = Math.max(k, MIN_GROUP_FLOOR);
  const min = (inside: boolean) => floor + (inside ? 1 : 0);
  const byId = new Map(groups.map((g) => [g.id, g]));
  const children = new Map<string, GroupCount[]>();
  for (const g of groups) {
    if (g.parentId === null || !byId.has(g.parentId)) continue;
    const list = children.get(g.parentId) ?? [];
    list.push(g);
    children.set(g.parentId, list);
  }
  const visible = new Set(groups.filter((g) => g.n >= min(insiders.has(g.id))).map((g) => g.id));

  /** X's nearest shown descendants. */
  const nearestShown = (id: string): GroupCount[] => {
    const found: GroupCount[] = [];
    const stack = [...(children.get(id) ?? [])];
    while (stack.length) {
      const g = stack.pop() as GroupCount;
      if (visible.has(g.id)) found.push(g);
      else stack.push(...(children.get(g.id) ?? []));
    }
    return found;
  };

  // Parents before children, so a region is settled before the groups inside it are looked at. The order
  // among groups of the same depth does not change the result: each step of X reads and hides only X's
  // descendants, and groups of one depth have disjoint descendants, so their steps commute. (Sorting them
  // by id as well cost more than the rest of the rule: a collator over long shared id prefixes.)
  const depthOf = (g: GroupCount): number => {
    let d = 0;
    for (let p = g.parentId; p !== null && byId.has(p); p = byId.get(p)?.parentId ?? null) d++;
    return d;
  };
  const depth = new Map(groups.map((g) => [g, depthOf(g)]));
  const order = [...groups].sort((a, b) => (depth.get(a) as number) - (depth.get(b) as number));
  let changed = true;
  while (changed) {
    changed = false;
    for (const x of order) {
      if (!visible.has(x.id)) continue;
      for (;;) {
        const shown = nearestShown(x.id);
        const region = x.n - shown.reduce((s, g) => s + g.n, 0);
        // The region holds the viewer when X does and none of its nearest shown descendants does.
        const inside = insiders.has(x.id) && !shown.some((g) => insiders.has(g.id));
        if (region <= 0 || region >= min(inside) || shown.length === 0) break;
        shown.sort((a, b) => a.n - b.n || byLocale(a.id, b.id));
        // Hiding a group hides the same people under their other names too (its only child, and so on down):
        // otherwise the child would still count as shown here and the next step would hide a sibling instead,
        // and the same-people pass below would then hide the child as well, hiding far more than needed.
        for (let g: GroupCount | undefined = shown[0]; g; g = onlyChildOf(g, children)) visible.delete(g.id);
        changed = true;
      }
    }
    // A parent whose only child holds all its responses is the same people under two names: shown together
    // or hidden together (otherwise one shows what the other hides). Hiding only merges regions, so this
    // keeps every region 0 or ≥ k; it can hide a parent, whose own parent then looks again.
    for (const x of order) {
      const only = onlyChildOf(x, children);
      if (only && visible.has(x.id) !== visible.has(only.id)) {
        visible.delete(x.id);
        visible.delete(only.id);
        changed = true;
      }
    }
  }
  return visible;
}

/** The child of X that holds every response of X (the same people; its siblings hold none), if any. */
function onlyChildOf(x: GroupCount, children: ReadonlyMap<string, GroupCount[]>): GroupCount | undefined {
  return x.n > 0 ? children.get(x.id)?.find((c) => c.n === x.n) : undefined;
}

/**
 * Why a group is not shown: `few` — fewer than k responses; `insider` — the viewer is in it and it lacks k
 * others; `same` — its only child (or its parent) holds the same people and is hidden; `smaller` — it has
 * enough responses but showing it would let someone subtract their way to a smaller group.
 */
export type HiddenReason = 'few' | 'insider' | 'same' | 'smaller';

/** The reason each hidden group of `groups` is hidden, given `visible` from visibleGroups with the same k and insiders. */
export function hiddenReasons(groups: readonly GroupCount[], k: number, visible: ReadonlySet<string>, insiders: ReadonlySet<string> = NOBODY): Map<string, HiddenReason> {
  const floor = Math.max(k, MIN_GROUP_FLOOR);
  const byId = new Map(groups.map((g) => [g.id, g]));
  const children = new Map<string, GroupCount[]>();
  for (const g of groups) {
    if (g.parentId === null || !byId.has(g.parentId)) continue;
    const list = children.get(g.parentId);
    if (list) list.push(g);
    else children.set(g.parentId, [g]);
  }
  const out = new Map<string, HiddenReason>();
  for (const g of groups) {
    if (visible.has(g.id)) continue;
    const parent = g.parentId === null ? undefined : byId.get(g.parentId);
    const twin = onlyChildOf(g, children) ?? (parent && onlyChildOf(parent, children) === g ? parent : undefined);
    const twinFails = (t: GroupCount) => t.n < floor + (insiders.has(t.id) ? 1 : 0);
    if (g.n < floor) out.set(g.id, 'few');
    else if (insiders.has(g.id) && g.n < floor + 1) out.set(g.id, 'insider');
    else if (twin && twinFails(twin)) out.set(g.id, 'same');
    else out.set(g.id, 'smaller');
  }
  return out;
}
