import fc from 'fast-check';
import { hiddenReasons, thresholdFor, visibleGroups, type GroupCount } from '../../server/domain/results/suppression';
import { buildRoundReport, type ReportQuestion } from '../../server/domain/results/round-report';
import type { RoundCube } from '../../server/domain/results/round-cube';
import { groupInScope, type Viewer } from '../../server/domain/results/access';
import { groupTotals, insiderGroups, treeOf } from '../../server/domain/results/groups';

const tree = (company: number, depts: Record<string, [number, Record<string, number>]>): GroupCount[] => [
  { id: 'c', parentId: null, n: company },
  ...Object.entries(depts).flatMap(([d, [n, teams]]) => [{ id: d, parentId: 'c', n }, ...Object.entries(teams).map(([t, m]) => ({ id: t, parentId: d, n: m }))]),
];

describe('minimum group size', () => {
  it('hides a group at k − 1 and shows it at k', () => {
    expect(visibleGroups([{ id: 'c', parentId: null, n: 4 }], 5).has('c')).toBe(false);
    expect(visibleGroups([{ id: 'c', parentId: null, n: 5 }], 5).has('c')).toBe(true);
  });

  it('never goes below 3 whatever k says', () => {
    expect(visibleGroups([{ id: 'c', parentId: null, n: 2 }], 1).has('c')).toBe(false);
  });

  it('raises the bar by 2 for each combined filter', () => {
    expect(thresholdFor(5)).toBe(5);
    expect(thresholdFor(5, 2)).toBe(7);
    expect(thresholdFor(2, 1)).toBe(3);
  });
});

describe('remainder rule', () => {
  it('hides a team when the department minus that team would leave fewer than k', () => {
    // Department of 7: team A 5, team B 2 (hidden). Showing A and the department reveals B's 2.
    const v = visibleGroups(tree(20, { d: [7, { a: 5, b: 2 }], e: [13, { x: 13 }] }), 5);
    expect(v.has('d')).toBe(true);
    expect(v.has('a')).toBe(false);
  });

  it('hides the next-smallest sibling until the remainder reaches k', () => {
    // Department 14: teams 5, 6 and 3. Remainder 3 < 5 → hide the 5 team; remainder 8 ≥ 5 → stop.
    const v = visibleGroups(tree(14, { d: [14, { a: 5, b: 6, t: 3 }] }), 5);
    expect([...v].sort()).toEqual(['b', 'c', 'd']);
  });

  it('shows everything when every remainder is 0 or at least k', () => {
    const v = visibleGroups(tree(20, { d: [10, { a: 5, b: 5 }], e: [10, { x: 5, y: 5 }] }), 5);
    expect(v.size).toBe(7);
  });

  it('guards the company against departments that leave a small remainder', () => {
    // Company 12 = department 10 + 2 people without a department: showing the department reveals the 2.
    const v = visibleGroups([{ id: 'c', parentId: null, n: 12 }, { id: 'd', parentId: 'c', n: 10 }], 5);
    expect(v.has('c')).toBe(true);
    expect(v.has('d')).toBe(false);
  });
});

describe('a parent with one child: the same people', () => {
  // Marketing (department) has one team, Brand, and every Marketing response is in Brand. The manager's own
  // invitation is filed under Marketing without a team, so Marketing needs k others and Brand does not.
  const groups: GroupCount[] = [
    { id: 'c', parentId: null, n: 30 },
    { id: 'd:marketing', parentId: 'c', n: 5 },
    { id: 't:marketing:brand', parentId: 'd:marketing', n: 5 },
    { id: 'd:sales', parentId: 'c', n: 25 },
  ];
  const insiders = new Set(['c', 'd:marketing']);

  it('hides the team with the department (today Marketing was hidden while Brand showed its score)', () => {
    const v = visibleGroups(groups, 5, insiders);
    expect(v.has('d:marketing')).toBe(false);
    expect(v.has('t:marketing:brand')).toBe(false);
    // The 5 of Marketing now sit in the company's remainder, which holds the viewer: Sales goes too.
    expect([...v]).toEqual(['c']);
  });

  it('shows both when both may be shown, and says why each hidden one is hidden', () => {
    expect([...visibleGroups(groups, 5)].sort()).toEqual(['c', 'd:marketing', 'd:sales', 't:marketing:brand']);
    const v = visibleGroups(groups, 5, insiders);
    const why = hiddenReasons(groups, 5, v, insiders);
    expect(why.get('d:marketing')).toBe('insider');
    expect(why.get('t:marketing:brand')).toBe('same');
  });

  it('plays the attacker: a hidden group can never be read off its same-people twin, for any viewer', () => {
    fc.assert(
      fc.property(orgArb, fc.nat(), fc.nat(), (org, seed, pick) => {
        const cube = cubeOf(org, seed);
        const cells = cube.responses;
        const viewerCell = cells.length && pick % 3 ? cells[pick % cells.length] : null;
        const report = buildRoundReport(cube, questions, { minGroupSize: org.k, minCommentGroupSize: org.k + org.kc }, insiderGroups(viewerCell));
        const byId = new Map(report.map((g) => [g.id, g]));
        const total = (id: string) => cube.responses.filter((c) => groupTotals([c]).has(id)).reduce((s, c) => s + c.n, 0);
        for (const child of report) {
          const parent = child.parentId ? byId.get(child.parentId) : undefined;
          if (!parent || total(parent.id) === 0 || total(parent.id) !== total(child.id)) continue;
          // The attacker reads the parent's numbers as the child's (and back): both shown or both hidden.
          expect([parent.id, parent.visible]).toEqual([parent.id, child.visible]);
          for (const q of questions) expect([q.id, parent.questions[q.id] === null]).toEqual([q.id, child.questions[q.id] === null]);
        }
      }),
      { numRuns: 400, seed: 20261202 },
    );
  });
});

describe('why a group is hidden', () => {
  it('fewer than k responses: few', () => {
    const groups = tree(20, { d: [20, { a: 3, b: 17 }] });
    const v = visibleGroups(groups, 5);
    expect(hiddenReasons(groups, 5, v).get('a')).toBe('few');
  });

  it('enough responses, hidden so a smaller group cannot be worked out: smaller (5 of 6 answered)', () => {
    // Department 7 = team A 5 + team B 2: A is hidden although 5 answered, to protect B.
    const groups = tree(20, { d: [7, { a: 5, b: 2 }], e: [13, { x: 13 }] });
    const v = visibleGroups(groups, 5);
    const why = hiddenReasons(groups, 5, v);
    expect(why.get('a')).toBe('smaller');
    expect(why.get('b')).toBe('few');
    expect(why.has('d')).toBe(false);
  });

  it('the viewer is inside and it lacks k others: insider', () => {
    const groups = tree(20, { d: [20, { a: 5, b: 15 }] });
    const insiders = new Set(['c', 'd', 'a']);
    const v = visibleGroups(groups, 5, insiders);
    expect(hiddenReasons(groups, 5, v, insiders).get('a')).toBe('insider');
  });
});

// ---------- property: no view, nor any difference of views, reveals fewer than k people ----------

interface Org {
  k: number;
  kc: number;
  departments: { teams: number[]; loose: number }[];
  noDepartment: number;
}

const orgArb: fc.Arbitrary<Org> = fc.record({
  k: fc.constantFrom(3, 4, 5),
  kc: fc.constantFrom(0, 2),
  departments: fc.array(fc.record({ teams: fc.array(fc.nat({ max: 9 }), { minLength: 1, maxLength: 4 }), loose: fc.constantFrom(0, 0, 0, 1, 2) }), { minLength: 1, maxLength: 4 }),
  noDepartment: fc.constantFrom(0, 0, 1, 3),
});

const questions: ReportQuestion[] = [
  { id: 'q-enps', position: 0, kind: 'enps', text: 'eNPS', textId: null, options: '[]', enpsScale: '0-10' },
  { id: 'q-rate', position: 1, kind: 'rating', text: 'Rating', textId: null, options: '[]', enpsScale: '1-10' },
  { id: 'q-text', position: 2, kind: 'comment', text: 'Comment', textId: null, options: '[]', enpsScale: '1-10' },
];

/** A cube with random answers (some skipped) for the org, from a seed. */
function cubeOf(org: Org, seed: number): RoundCube {
  let s = seed >>> 0;
  const rand = () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32);
  const cube: RoundCube = { responses: [], invitations: [], values: [], choices: [], comments: [] };
  const add = (departmentId: string | null, teamId: string | null, n: number) => {
    if (n === 0) return;
    cube.responses.push({ departmentId, teamId, n });
    cube.invitations.push({ departmentId, teamId, invited: n + Math.floor(rand() * 3) });
    for (let i = 0; i < n; i++) {
      if (rand() < 0.85) cube.values.push({ departmentId, teamId, questionId: 'q-enps', value: Math.floor(rand() * 11), n: 1 });
      if (rand() < 0.9) cube.values.push({ departmentId, teamId, questionId: 'q-rate', value: 1 + Math.floor(rand() * 5), n: 1 });
      if (rand() < 0.5) cube.comments.push({ departmentId, teamId, questionId: 'q-text', n: 1 });
    }
  };
  org.departments.forEach((d, di) => {
    d.teams.forEach((n, ti) => add(`d${di}`, `t${di}-${ti}`, n));
    add(`d${di}`, null, d.loose);
  });
  add(null, null, org.noDepartment);
  return cube;
}

/** What a reader of the shown groups can count, per metric: group id → n (responses, answers, comments). */
function shownCounts(org: Org, seed: number, viewer?: Viewer, published = true) {
  const report = buildRoundReport(cubeOf(org, seed), questions, { minGroupSize: org.k, minCommentGroupSize: org.k + org.kc })
    .filter((g) => !viewer || groupInScope(viewer, g, published, new Set(['d0'])));
  const metrics: Record<string, Map<string, number>> = { responses: new Map(), 'q-enps': new Map(), 'q-rate': new Map(), 'q-text': new Map() };
  for (const g of report) {
    if (g.responses !== null) metrics.responses.set(g.id, g.responses);
    for (const q of questions) {
      const r = g.questions[q.id];
      if (!r) continue;
      const n = r.kind === 'enps' ? r.enps.responses : r.kind === 'rating' ? r.rating.count : r.kind === 'comment' ? r.count : r.answers;
      metrics[q.id].set(g.id, n);
    }
  }
  // The true tree, to know which groups contain which.
  const parentOf = new Map(report.map((g) => [g.id, g.parentId]));
  return { metrics, parentOf };
}

function ancestors(id: string, parentOf: Map<string, string | null>): string[] {
  const out: string[] = [];
  for (let p = parentOf.get(id) ?? null; p !== null; p = parentOf.get(p) ?? null) out.push(p);
  return out;
}

/** Every difference a reader can compute from the shown numbers of one metric that isolates a group of people. */
function derivableCounts(shown: Map<string, number>, parentOf: Map<string, string | null>): number[] {
  const ids = [...shown.keys()];
  const out = [...shown.values()];
  for (const a of ids) {
    const inside = ids.filter((b) => b !== a && ancestors(b, parentOf).includes(a));
    // parent − child, for every shown descendant
    for (const b of inside) out.push((shown.get(a) as number) - (shown.get(b) as number));
    // parent − sum of its nearest shown descendants (the remainder)
    const nearest = inside.filter((b) => !ancestors(b, parentOf).some((x) => inside.includes(x)));
    out.push((shown.get(a) as number) - nearest.reduce((s, b) => s + (shown.get(b) as number), 0));
    // parent − any pair of disjoint shown descendants
    for (let i = 0; i < nearest.length; i++) for (let j = i + 1; j < nearest.length; j++) out.push((shown.get(a) as number) - (shown.get(nearest[i]) as number) - (shown.get(nearest[j]) as number));
  }
  return out;
}

describe('confidentiality under every view (property)', () => {
  it('never lets a group or a difference of groups hold 0 < n < k, for HR, managers and employees', () => {
    const viewers: (Viewer | undefined)[] = [
      undefined,
      { id: 'm', role: 'manager', teamIds: new Set(['t0-0', 't0-1', 't1-0']) },
      { id: 'e', role: 'employee', teamIds: new Set() },
    ];
    fc.assert(
      fc.property(orgArb, fc.nat(), fc.boolean(), (org, seed, published) => {
        for (const viewer of viewers) {
          const { metrics, parentOf } = shownCounts(org, seed, viewer, published);
          for (const [metric, shown] of Object.entries(metrics)) {
            const k = metric === 'q-text' ? org.k + org.kc : org.k;
            for (const n of derivableCounts(shown, parentOf)) {
              if (n > 0 && n < k) throw new Error(`${metric}: derivable count ${n} < ${k} (viewer ${viewer?.role ?? 'hr'})`);
            }
          }
        }
      }),
      { numRuns: 400, seed: 20261126 },
    );
  });

  it('gives a viewer inside a group k others in every group and difference that holds them', () => {
    fc.assert(
      fc.property(orgArb, fc.nat(), fc.nat(), (org, seed, pick) => {
        const cube = cubeOf(org, seed);
        const groups = treeOf(cube.responses);
        // The viewer's place: a random cell of the organisation (team, or department only, or neither).
        const cells = cube.responses;
        if (cells.length === 0) return;
        const cell = cells[pick % cells.length];
        const insiders = insiderGroups(cell);
        const visible = visibleGroups(groups, org.k, insiders);
        const shown = new Map(groups.filter((g) => visible.has(g.id)).map((g) => [g.id, g.n]));
        const parentOf = new Map(groups.map((g) => [g.id, g.parentId]));
        const ids = [...shown.keys()];
        const check = (n: number, inside: boolean, what: string) => {
          const need = org.k + (inside ? 1 : 0);
          if (n > 0 && n < need) throw new Error(`${what}: ${n} < ${need}`);
        };
        for (const a of ids) {
          check(shown.get(a) as number, insiders.has(a), a);
          const inside = ids.filter((b) => b !== a && ancestors(b, parentOf).includes(a));
          for (const b of inside) check((shown.get(a) as number) - (shown.get(b) as number), insiders.has(a) && !insiders.has(b), `${a} − ${b}`);
          const nearest = inside.filter((b) => !ancestors(b, parentOf).some((x) => inside.includes(x)));
          const rest = (shown.get(a) as number) - nearest.reduce((sum, b) => sum + (shown.get(b) as number), 0);
          check(rest, insiders.has(a) && !nearest.some((b) => insiders.has(b)), `${a} − nearest`);
        }
      }),
      { numRuns: 400, seed: 20261201 },
    );
  });

  it('never hides a group the rule did not need to hide when all groups are large', () => {
    fc.assert(
      fc.property(fc.array(fc.array(fc.integer({ min: 5, max: 12 }), { minLength: 1, maxLength: 4 }), { minLength: 1, maxLength: 4 }), (depts) => {
        const groups: GroupCount[] = [{ id: 'c', parentId: null, n: depts.flat().reduce((a, b) => a + b, 0) }];
        depts.forEach((teams, d) => {
          groups.push({ id: `d${d}`, parentId: 'c', n: teams.reduce((a, b) => a + b, 0) });
          teams.forEach((n, t) => groups.push({ id: `t${d}-${t}`, parentId: `d${d}`, n }));
        });
        return visibleGroups(groups, 5).size === groups.length;
      }),
      { numRuns: 100 },
    );
  });

  // Random (department, team) cells, some without a department or team, ids shared across departments.
  const cellsArb = fc.array(
    fc.record({ departmentId: fc.constantFrom(null, 'da', 'db', 'dc'), teamId: fc.constantFrom(null, 't1', 't2', 't3', 't4'), n: fc.nat(9) }),
    { maxLength: 30 },
  );

  it('gives the same groups whatever order they come in (the rule does not depend on it)', () => {
    fc.assert(
      fc.property(cellsArb, fc.integer({ min: 3, max: 7 }), fc.nat(), (cells, k, seed) => {
        const groups = treeOf(cells);
        const shuffled = [...groups].sort((a, b) => ((a.id.length * 31 + seed) % 7) - ((b.id.length * 31 + seed) % 7) || (b.id < a.id ? -1 : 1));
        expect([...visibleGroups(shuffled, k)].sort()).toEqual([...visibleGroups(groups, k)].sort());
      }),
      { numRuns: 300 },
    );
  });

  it('builds the tree of the group totals, in the same order', () => {
    fc.assert(
      fc.property(cellsArb, cellsArb, (cells, shape) => {
        const totals = [...groupTotals([...cells, ...shape.map((s) => ({ ...s, n: 0 }))]).values()].map(({ id, parentId, n }) => ({ id, parentId, n }));
        expect(treeOf(cells, shape)).toEqual(totals);
      }),
      { numRuns: 300 },
    );
  });
});
