/**
 * The KPIs and base measures an organisation uses: catalogue KPIs switched on and off, custom measures and custom
 * KPIs (their formulas checked against the measures that exist), and the parsed definitions the scorecards use.
 */
import { audit } from '../audit/audit.service';
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
import { isUniqueViolation } from '../../db/errors';
import { ConflictError, NotFoundError, ValidationError } from '../../errors';
import { t, type Locale } from '../../i18n/i18n';
import { CATALOGUE_KPIS, CATALOGUE_MEASURES, catalogueKpi, catalogueMeasure, decimalsFor, type Aggregation, type Direction, type KpiKind, type KpiUnit, type MeasureLevel, type MeasureUnit } from './catalogue';
import { checkFormula, FormulaError, formulaText, maxShift, measuresOf, parseFormula, type FormulaNode } from './formula';
import { isRunningTotal } from './formula-eval';
import { bumpDefinitions, currencyDigits, getKpiSettings, kpiWrite, type KpiSettings } from './kpi-settings.service';
import type { Db } from '../../db/client';
import type { CustomKpiInput, MeasureInput } from './kpi.schema';
import type { Grain } from './periods';

export interface MeasureDef {
  key: string;
  catalogue: boolean;
  name: string;
  nameId: string;
  unit: MeasureUnit;
  decimals: number;
  level: MeasureLevel;
  grain: Grain;
  aggregation: Aggregation;
}

export interface KpiDef {
  id: string;
  key: string;
  catalogue: boolean;
  name: string;
  nameId: string;
  description: string;
  descriptionId: string;
  formula: string;
  tree: FormulaNode;
  unit: KpiUnit;
  direction: Direction;
  kind: KpiKind;
  active: boolean;
  position: number;
  /** Measures the formula reads. */
  measureKeys: string[];
  /** Revenue-like: it accrues over the period (pace scales the target by the time passed). */
  runningTotal: boolean;
  /** Periods before the one shown that the formula reads (prev). */
  shift: number;
}

type MeasureRow = Awaited<ReturnType<DbTx['kpiMeasure']['findMany']>>[number];
type KpiRow = Awaited<ReturnType<DbTx['kpi']['findMany']>>[number];

const toMeasure = (m: MeasureRow): MeasureDef => ({
  key: m.key,
  catalogue: m.catalogue,
  name: m.name,
  nameId: m.nameId,
  unit: m.unit as MeasureUnit,
  decimals: m.decimals,
  level: m.level as MeasureLevel,
  grain: m.grain as Grain,
  aggregation: m.aggregation as Aggregation,
});

/** Every measure: the catalogue's in catalogue order, then custom ones by key. */
export async function listMeasures(ctx: { db: DbTx }): Promise<MeasureDef[]> {
  const order = (m: MeasureDef) => (m.catalogue ? CATALOGUE_MEASURES.findIndex((c) => c.key === m.key) : CATALOGUE_MEASURES.length);
  return (await ctx.db.kpiMeasure.findMany({ orderBy: { key: 'asc' } })).map(toMeasure).sort((a, b) => order(a) - order(b) || a.key.localeCompare(b.key));
}

export async function measuresByKey(ctx: { db: DbTx }): Promise<Map<string, MeasureDef>> {
  return new Map((await listMeasures(ctx)).map((m) => [m.key, m]));
}

function toKpi(k: KpiRow, measures: ReadonlyMap<string, MeasureDef>): KpiDef {
  const tree = parseFormula(k.formula);
  return {
    ...k,
    tree,
    unit: k.unit as KpiUnit,
    direction: k.direction as Direction,
    kind: k.kind as KpiKind,
    measureKeys: measuresOf(tree),
    runningTotal: isRunningTotal(tree, (key) => measures.get(key)?.aggregation === 'sum'),
    shift: maxShift(tree),
  };
}

/** Every KPI (switched off ones too when `all`), in display order. */
export async function listKpis(ctx: { db: DbTx }, opts: { all?: boolean; measures?: ReadonlyMap<string, MeasureDef> } = {}): Promise<KpiDef[]> {
  const [rows, measures] = await Promise.all([
    ctx.db.kpi.findMany({ where: opts.all ? {} : { active: true }, orderBy: [{ position: 'asc' }, { key: 'asc' }] }),
    opts.measures ?? measuresByKey(ctx),
  ]);
  return rows.map((k) => toKpi(k, measures));
}

export async function getKpi(ctx: { db: DbTx }, idOrKey: string): Promise<KpiDef> {
  const row = await ctx.db.kpi.findFirst({ where: { OR: [{ id: idOrKey }, { key: idOrKey }] } });
  if (!row) throw new NotFoundError('No such KPI');
  return toKpi(row, await measuresByKey(ctx));
}

/** A KPI's name in `locale`. */
export function kpiName(locale: Locale, k: Pick<KpiDef, 'key' | 'catalogue' | 'name' | 'nameId'>): string {
  if (k.catalogue) return t(locale, `kpis.catalogue.${k.key}.name`);
  return locale === 'id' && k.nameId ? k.nameId : k.name;
}

/** A KPI's definition in `locale`. */
export function kpiDescription(locale: Locale, k: Pick<KpiDef, 'key' | 'catalogue' | 'description' | 'descriptionId'>): string {
  if (k.catalogue) return t(locale, `kpis.catalogue.${k.key}.definition`);
  return locale === 'id' && k.descriptionId ? k.descriptionId : k.description;
}

/** A measure's name in `locale`. */
export function measureName(locale: Locale, m: Pick<MeasureDef, 'key' | 'catalogue' | 'name' | 'nameId'>): string {
  if (m.catalogue) return t(locale, `kpis.measure.${m.key}.name`);
  return locale === 'id' && m.nameId ? m.nameId : m.name;
}

async function nextPosition(tx: DbTx): Promise<number> {
  const last = await tx.kpi.findFirst({ orderBy: { position: 'desc' }, select: { position: true } });
  return (last?.position ?? 0) + 1;
}

/** Switches a catalogue KPI on, creating the measures it needs (entered per the default grain). */
export async function enableCatalogueKpi(ctx: AppContext, key: string): Promise<KpiDef> {
  const entry = catalogueKpi(key);
  if (!entry) throw new NotFoundError('No such KPI in the catalogue');
  await kpiWrite(ctx, async (tx) => {
    const settings = await getKpiSettings({ db: tx });
    for (const measureKey of measuresOf(parseFormula(entry.formula))) {
      const m = catalogueMeasure(measureKey)!;
      await tx.kpiMeasure.upsert({
        where: { key: m.key },
        create: { key: m.key, unit: m.unit, decimals: decimalsFor(m.unit, settings.currencyDigits), level: m.level, grain: m.grain ?? settings.defaultGrain, aggregation: m.aggregation, catalogue: true },
        update: {},
      });
    }
    await bumpDefinitions(tx);
    const existing = await tx.kpi.findUnique({ where: { key } });
    if (existing) await tx.kpi.update({ where: { key }, data: { active: true } });
    else await tx.kpi.create({ data: { key, catalogue: true, formula: entry.formula, unit: entry.unit, direction: entry.direction, kind: entry.kind, position: await nextPosition(tx) } });
    await audit(ctx, tx, { action: 'kpi.definition', targetKind: 'kpi', targetId: key, detail: { change: 'enable_catalogue', key } });
  });
  return getKpi(ctx, key);
}

/** Switches a KPI off: it leaves the scorecards; its targets and the measures' values stay. */
export async function setKpiActive(ctx: AppContext, id: string, active: boolean): Promise<void> {
  await kpiWrite(ctx, async (tx) => {
    const { count } = await tx.kpi.updateMany({ where: { id }, data: { active } });
    if (!count) throw new NotFoundError('No such KPI');
    await bumpDefinitions(tx);
    await audit(ctx, tx, { action: 'kpi.definition', targetKind: 'kpi', targetId: id, detail: { change: active ? 'activate' : 'deactivate' } });
  });
}

export async function createMeasure(ctx: AppContext, input: MeasureInput): Promise<MeasureDef> {
  if (catalogueMeasure(input.key)) throw new ValidationError('Some fields need attention', [{ path: ['key'], message: 'This key belongs to a catalogue measure; choose another' }]);
  try {
    return await kpiWrite(ctx, async (tx) => {
      await bumpDefinitions(tx);
      const settings = await getKpiSettings({ db: tx });
      const measure = toMeasure(await tx.kpiMeasure.create({ data: { ...input, nameId: input.nameId || input.name, decimals: decimalsFor(input.unit, currencyDigits(settings.currency)), catalogue: false } }));
      await audit(ctx, tx, { action: 'kpi.definition', targetKind: 'measure', targetId: input.key, detail: { change: 'create_measure', key: input.key, unit: input.unit } });
      return measure;
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError('Some fields need attention', [{ path: ['key'], message: 'A measure with this key exists already' }]);
    throw err;
  }
}

/** The checked, canonical form of `formula`, or the FormulaError saying where it is wrong. */
export async function checkKpiFormula(ctx: { db: DbTx }, formula: string): Promise<{ formula: string } | { error: FormulaError }> {
  try {
    const tree = checkFormula(formula, new Set((await listMeasures(ctx)).map((m) => m.key)));
    return { formula: formulaText(tree) };
  } catch (err) {
    if (err instanceof FormulaError) return { error: err };
    throw err;
  }
}

/** Creates (no id) or changes a custom KPI. Throws a FormulaError when the formula is wrong. */
export async function saveCustomKpi(ctx: AppContext, input: CustomKpiInput, id?: string): Promise<KpiDef> {
  if (catalogueKpi(input.key) && !id) throw new ValidationError('Some fields need attention', [{ path: ['key'], message: 'This key belongs to a catalogue KPI; choose another' }]);
  const checked = await checkKpiFormula(ctx, input.formula);
  if ('error' in checked) throw checked.error;
  const data = { name: input.name, nameId: input.nameId, description: input.description, descriptionId: input.descriptionId, formula: checked.formula, unit: input.unit, direction: input.direction, kind: input.kind };
  try {
    const saved = await kpiWrite(ctx, async (tx) => {
      await bumpDefinitions(tx);
      if (!id) {
        const created = await tx.kpi.create({ data: { ...data, key: input.key, catalogue: false, position: await nextPosition(tx) } });
        await audit(ctx, tx, { action: 'kpi.definition', targetKind: 'kpi', targetId: created.id, detail: { change: 'create', key: input.key, name: input.name } });
        return created;
      }
      const existing = await tx.kpi.findUnique({ where: { id } });
      if (!existing) throw new NotFoundError('No such KPI');
      if (existing.catalogue) throw new ConflictError('Catalogue KPIs keep their formula; make a custom KPI instead');
      await audit(ctx, tx, { action: 'kpi.definition', targetKind: 'kpi', targetId: id, detail: { change: 'update', key: existing.key, name: input.name } });
      return tx.kpi.update({ where: { id }, data });
    });
    return getKpi(ctx, saved.id);
  } catch (err) {
    if (isUniqueViolation(err)) throw new ValidationError('Some fields need attention', [{ path: ['key'], message: 'A KPI with this key exists already' }]);
    throw err;
  }
}

export interface KpiContext {
  settings: KpiSettings;
  kpis: KpiDef[];
  measures: Map<string, MeasureDef>;
}

const cached = new WeakMap<Db | DbTx, { version: number; kpis: KpiDef[]; measures: Map<string, MeasureDef> }>();

/**
 * The settings and the active KPIs with their measures, for scorecards and trends: the settings are read on every
 * call (one query), the definitions are kept in the process and read again only when their version changed.
 */
export async function kpiContext(ctx: { db: DbTx }): Promise<KpiContext> {
  const settings = await getKpiSettings(ctx);
  let defs = cached.get(ctx.db);
  if (!defs || defs.version !== settings.definitionsVersion) {
    const measures = await measuresByKey(ctx);
    defs = { version: settings.definitionsVersion, kpis: await listKpis(ctx, { measures }), measures };
    cached.set(ctx.db, defs);
  }
  return { settings, kpis: defs.kpis, measures: defs.measures };
}

/** The catalogue with what is switched on: for HR's KPI page. */
export async function catalogueState(ctx: { db: DbTx }) {
  const rows = new Map((await ctx.db.kpi.findMany({ where: { catalogue: true } })).map((k) => [k.key, k]));
  return CATALOGUE_KPIS.map((c) => ({ ...c, id: rows.get(c.key)?.id ?? null, active: rows.get(c.key)?.active ?? false }));
}

export { CATALOGUE_MEASURES };
