/**
 * The KPI settings (KpiSettings row 1) and the write lock every change of KPI values takes first.
 * The currency is IDR for a company set up in Bahasa Indonesia and USD otherwise until the first value is
 * stored; from then on it is fixed in the row, and HR can change it only while no money value exists.
 */
import { audit } from '../audit/audit.service';
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import type { Db, DbTx } from '../../db/client';
import { ConflictError } from '../../errors';
import type { Grain } from './periods';
import type { PaceThresholds } from './pace';
import type { KpiSettingsInput } from './kpi-settings.schema';

export interface KpiSettings {
  currency: string;
  currencyDigits: number;
  /** True once it is kept in the settings (HR saved it, or KPIs were first set up or written under it). */
  currencyFixed: boolean;
  fiscalYearStartMonth: number;
  thresholds: PaceThresholds;
  leaderboard: boolean;
  defaultGrain: Grain;
  /** The company's time zone: periods start at its midnight. */
  timeZone: string;
  companyName: string;
  /** Changes whenever KPIs, measures or these settings change. */
  definitionsVersion: number;
  /** Changes with every write of values or targets (the KPI write lock's sequence number). */
  writeSeq: number;
}

const digits = new Map<string, number>();
/** The minor-unit digits of an ISO 4217 currency (IDR 0, USD 2, JPY 0). */
export function currencyDigits(currency: string): number {
  let d = digits.get(currency);
  if (d === undefined) {
    d = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
    digits.set(currency, d);
  }
  return d;
}

const defaultCurrency = (locale: string | undefined) => (locale === 'id' ? 'IDR' : 'USD');

type Raw = number | bigint | boolean | string | null;
interface SettingsRow {
  companyName: string | null;
  defaultLocale: string | null;
  defaultTimeZone: string | null;
  currency: string | null;
  fiscalYearStartMonth: Raw;
  onTrackPoints: Raw;
  atRiskPoints: Raw;
  leaderboard: Raw;
  defaultGrain: string | null;
  definitionsVersion: Raw;
  writeSeq: Raw;
}

/** The settings, with the company's zone and name, in one query (pages read them on every request). */
export async function getKpiSettings(ctx: { db: DbTx }): Promise<KpiSettings> {
  const [row] = await ctx.db.$queryRaw<SettingsRow[]>(Prisma.sql`
    SELECT o."companyName" AS "companyName", o."defaultLocale" AS "defaultLocale", o."defaultTimeZone" AS "defaultTimeZone",
      k."currency" AS "currency", k."fiscalYearStartMonth" AS "fiscalYearStartMonth", k."onTrackPoints" AS "onTrackPoints",
      k."atRiskPoints" AS "atRiskPoints", k."leaderboard" AS "leaderboard", k."defaultGrain" AS "defaultGrain", k."definitionsVersion" AS "definitionsVersion", k."writeSeq" AS "writeSeq"
    FROM (SELECT 1 AS "one") x LEFT JOIN "OrgSettings" o ON o."id" = 1 LEFT JOIN "KpiSettings" k ON k."id" = 1`);
  const num = (v: Raw, fallback: number) => (v === null || v === undefined ? fallback : Number(v));
  const currency = row?.currency ?? defaultCurrency(row?.defaultLocale ?? undefined);
  return {
    currency,
    currencyDigits: currencyDigits(currency),
    currencyFixed: !!row?.currency,
    fiscalYearStartMonth: num(row?.fiscalYearStartMonth ?? null, 1),
    thresholds: { onTrack: num(row?.onTrackPoints ?? null, 16.5), atRisk: num(row?.atRiskPoints ?? null, 33) },
    leaderboard: row?.leaderboard === null || row?.leaderboard === undefined ? true : Boolean(Number(row.leaderboard)) || row.leaderboard === true,
    defaultGrain: (row?.defaultGrain ?? 'month') as Grain,
    timeZone: row?.defaultTimeZone ?? 'UTC',
    companyName: row?.companyName ?? '',
    definitionsVersion: num(row?.definitionsVersion ?? null, 0),
    writeSeq: num(row?.writeSeq ?? null, 0),
  };
}

/** Marks the KPI definitions changed (inside a transaction holding the KPI write lock): caches reload them. */
export async function bumpDefinitions(tx: DbTx): Promise<void> {
  await tx.$executeRaw`UPDATE "KpiSettings" SET "definitionsVersion" = "definitionsVersion" + 1 WHERE "id" = 1`;
}

/**
 * Takes the KPI write lock inside transaction `tx` (a row lock on PostgreSQL, the write lock on SQLite: it is the
 * transaction's first statement, so SQLite never has to upgrade a read snapshot) and fixes the currency if it was
 * not yet. Returns the new write sequence number: one more than a plan read means nobody wrote in between.
 */
export async function lockKpiWrites(tx: DbTx): Promise<number> {
  const rows = await tx.$queryRaw<{ writeSeq: number | bigint }[]>(Prisma.sql`
    INSERT INTO "KpiSettings" ("id", "currency", "writeSeq", "updatedAt")
    VALUES (1, COALESCE((SELECT CASE WHEN o."defaultLocale" = 'id' THEN 'IDR' ELSE 'USD' END FROM "OrgSettings" o WHERE o."id" = 1), 'USD'), 1, ${new Date()})
    ON CONFLICT ("id") DO UPDATE SET "writeSeq" = "KpiSettings"."writeSeq" + 1, "currency" = COALESCE("KpiSettings"."currency", excluded."currency")
    RETURNING "writeSeq"`);
  return Number(rows[0].writeSeq);
}

const writing = new WeakMap<object, { active: number; epoch: number }>();
const writesOf = (db: object) => {
  let w = writing.get(db);
  if (!w) {
    w = { active: 0, epoch: 0 };
    writing.set(db, w);
  }
  return w;
};

/**
 * Runs `work` in one transaction that first takes the KPI write lock (every write of values, targets, KPIs, measures
 * or settings goes through here), and keeps count of the writes in flight in this process: on SQLite, other requests'
 * reads share the connection and see a write before it commits, so nothing they compute meanwhile may be cached.
 */
export async function kpiWrite<T>(ctx: { db: Db }, work: (tx: DbTx, seq: number) => Promise<T>, opts: { timeout?: number } = {}): Promise<T> {
  const w = writesOf(ctx.db);
  w.active++;
  w.epoch++;
  try {
    return await ctx.db.$transaction(async (tx) => work(tx, await lockKpiWrites(tx)), { timeout: opts.timeout ?? 120_000, maxWait: 15_000 });
  } finally {
    w.active--;
    w.epoch++;
  }
}

/** A mark to compare after reading: unchanged (and no write in flight) means no write of this process overlapped. */
export function writeMark(db: object): number | null {
  const w = writesOf(db);
  return w.active ? null : w.epoch;
}

/** The write sequence number now (0 before the first write). */
export async function currentWriteSeq(db: DbTx): Promise<number> {
  return (await db.kpiSettings.findUnique({ where: { id: 1 }, select: { writeSeq: true } }))?.writeSeq ?? 0;
}

/** Saves settings checked by kpiSettingsSchema; refuses changes that would change the meaning of stored values. */
export async function saveKpiSettings(ctx: AppContext, input: KpiSettingsInput): Promise<void> {
  await kpiWrite(ctx, async (tx) => {
    const before = await getKpiSettings({ db: tx });
    if (input.currency !== before.currency) {
      const money = await tx.kpiValue.count({ where: { value: { not: null }, measure: { unit: 'money' } } });
      if (money > 0) throw new ConflictError('Money values are stored in the current currency; the currency cannot change any more');
      await tx.kpiMeasure.updateMany({ where: { unit: 'money' }, data: { decimals: currencyDigits(input.currency) } });
    }
    if (input.fiscalYearStartMonth !== before.fiscalYearStartMonth && (await tx.kpiValue.count({ where: { grain: 'quarter' } })) > 0) {
      throw new ConflictError('Quarterly values are stored for the current fiscal quarters; the fiscal year start cannot change any more');
    }
    await bumpDefinitions(tx);
    await tx.kpiSettings.update({
      where: { id: 1 },
      data: {
        currency: input.currency,
        fiscalYearStartMonth: input.fiscalYearStartMonth,
        onTrackPoints: input.onTrackPoints,
        atRiskPoints: input.atRiskPoints,
        leaderboard: input.leaderboard,
        defaultGrain: input.defaultGrain,
      },
    });
    const was = { ...before, onTrackPoints: before.thresholds.onTrack, atRiskPoints: before.thresholds.atRisk };
    const fields = (['currency', 'fiscalYearStartMonth', 'onTrackPoints', 'atRiskPoints', 'leaderboard', 'defaultGrain'] as const).filter((f) => String(input[f]) !== String(was[f]));
    await audit(ctx, tx, { action: 'kpi.settings', targetKind: 'settings', detail: { fields } });
  });
}
