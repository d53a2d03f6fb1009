/**
 * Every catalogue formula on a worked example (every KPI in the catalogue must have one here), and the notes'
 * roll-up examples computed the way Pulse rolls up: from summed base measures, never an average of rates.
 */
import { CATALOGUE_KPIS, CATALOGUE_MEASURES } from '../../server/domain/kpis/catalogue';
import { checkFormula, measuresOf } from '../../server/domain/kpis/formula';
import { evaluate } from '../../server/domain/kpis/formula-eval';
import { parseDecimal, reduced, toNumber, type Rational } from '../../server/domain/kpis/rational';

type Example = { values: Record<string, string>; before?: Record<string, string>; expected: string | null };
const EXAMPLES: Record<string, Example[]> = {
  revenue: [{ values: { won_value: '240000000' }, expected: '240000000' }],
  sales_volume: [{ values: { deals_won: '48' }, expected: '48' }],
  leads_generated: [{ values: { leads: '120' }, expected: '120' }],
  average_deal_size: [
    { values: { won_value: '240000000', deals_won: '48' }, expected: '5000000' },
    { values: { won_value: '0', deals_won: '0' }, expected: null },
  ],
  average_order_value: [{ values: { won_value: '1000000', orders: '8' }, expected: '125000' }],
  conversion_rate: [{ values: { leads_converted: '30', leads: '120' }, expected: '0.25' }],
  close_rate: [{ values: { deals_won: '48', deals_lost: '72' }, expected: '0.4' }],
  sales_growth: [
    { values: { won_value: '120' }, before: { won_value: '100' }, expected: '0.2' },
    { values: { won_value: '80' }, before: { won_value: '100' }, expected: '-0.2' },
    { values: { won_value: '80' }, before: {}, expected: null },
    { values: { won_value: '80' }, before: { won_value: '0' }, expected: null },
  ],
  customer_acquisition_cost: [{ values: { sales_cost: '50000000', new_customers: '25' }, expected: '2000000' }],
  // Revenue per customer 10,000 × gross margin 40 % ÷ churn 5 % = 80,000.
  customer_lifetime_value: [{ values: { won_value: '1000000', customers_start: '100', cogs: '600000', customers_lost: '5' }, expected: '80000' }],
  customer_retention_rate: [{ values: { customers_end: '110', new_customers: '20', customers_start: '100' }, expected: '0.9' }],
  sales_cycle_length: [{ values: { cycle_days: '1200', deals_won: '30', deals_lost: '10' }, expected: '30' }],
  lead_response_time: [{ values: { response_hours: '300', leads_responded: '120' }, expected: '2.5' }],
  return_on_investment: [{ values: { won_value: '1000000', cogs: '600000', sales_cost: '100000' }, expected: '3' }],
  // 40 % margin, not the 66.7 % markup.
  gross_margin: [{ values: { won_value: '1000000', cogs: '600000' }, expected: '0.4' }],
  inventory_turnover: [{ values: { cogs: '600000', inventory_start: '100000', inventory_end: '200000' }, expected: '4' }],
  quota_attainment: [{ values: { won_value: '150', quota: '100' }, expected: '1.5' }],
};

const measureKeys = new Set(CATALOGUE_MEASURES.map((m) => m.key));
const run = (formula: string, values: Record<string, string>, before: Record<string, string> = {}) => {
  const v = evaluate(checkFormula(formula, measureKeys), (key, shift) => {
    const text = (shift === 0 ? values : before)[key];
    return text === undefined ? null : (parseDecimal(text) as Rational);
  });
  return v === null ? null : v;
};

describe('the catalogue', () => {
  it('has a worked example for every KPI', () => {
    expect(CATALOGUE_KPIS.map((k) => k.key).filter((k) => !EXAMPLES[k])).toEqual([]);
    expect(CATALOGUE_KPIS).toHaveLength(17);
  });

  it.each(CATALOGUE_KPIS.flatMap((k) => EXAMPLES[k.key].map((e, i) => [`${k.key} #${i + 1}`, k.formula, e] as const)))('%s', (_name, formula, e) => {
    const v = run(formula, e.values, e.before);
    if (e.expected === null) expect(v).toBeNull();
    else {
      const want = parseDecimal(e.expected) as Rational;
      expect(v && `${reduced(v).n}/${reduced(v).d}`).toBe(`${want.n}/${want.d}`);
    }
  });

  it('reads only catalogue measures, and every catalogue measure is read by some KPI', () => {
    const read = new Set(CATALOGUE_KPIS.flatMap((k) => measuresOf(checkFormula(k.formula, measureKeys))));
    expect([...measureKeys].filter((m) => !read.has(m))).toEqual([]);
  });
});

describe('roll-ups from the notes', () => {
  const closeRate = CATALOGUE_KPIS.find((k) => k.key === 'close_rate')!.formula;
  const rate = (won: number, lost: number) => toNumber(run(closeRate, { deals_won: String(won), deals_lost: String(lost) })!);

  it("Simpson's paradox: Alice wins more often in each deal size, yet 40 % against Bob's 70 % overall; averaging her rates says 60 %", () => {
    // Small deals: Alice 18 of 20, Bob 80 of 100. Enterprise: Alice 30 of 100, Bob 4 of 20.
    expect(rate(18, 2)).toBe(0.9);
    expect(rate(80, 20)).toBe(0.8);
    expect(rate(30, 70)).toBe(0.3);
    expect(rate(4, 16)).toBe(0.2);
    const alice = rate(18 + 30, 2 + 70);
    const bob = rate(80 + 4, 20 + 16);
    expect(alice).toBe(0.4);
    expect(bob).toBe(0.7);
    expect((0.9 + 0.3) / 2).toBeCloseTo(0.6);
    expect(alice).not.toBeCloseTo((0.9 + 0.3) / 2);
  });

  it('team quota attainment of 150/100 and 50/200 is 200/300, not the 87.5 % mean', () => {
    const formula = CATALOGUE_KPIS.find((k) => k.key === 'quota_attainment')!.formula;
    const team = toNumber(run(formula, { won_value: '200', quota: '300' })!);
    expect(team).toBeCloseTo(0.6667, 4);
    expect((1.5 + 0.25) / 2).toBe(0.875);
  });
});
