/**
 * The KPI settings (KpiSettings row 1) and the write lock every change of KPI values takes first.
 * The currency is IDR for a company set up in Bahasa Indonesia and USD otherwise until the first value is
 * stored; from then on it is fixed in the row, and HR can change it only while no money value exists.
 */
import { Prisma } from '../../../prisma/generated/sqlite/client';
import type { AppContext } from '../../context';
import type { DbTx } from '../../db/client';
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
}

/** The minor-unit digits of an ISO 4217 currency (IDR 0, USD 2, JPY 0). */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const defaultCurrency = (locale: string | undefined) => (locale === 'id' ? 'IDR' : 'USD');

export async function getKpiSettings(ctx: { db: DbTx }): Promise<KpiSettings> {
  const [row, org] = await Promise.all([
    ctx.db.kpiSettings.findUnique({ where: { id: 1 } }),
    ctx.db.orgSettings.findUnique({ where: { id: 1 }, select: { defaultLocale: true, defaultTimeZone: true, companyName: true } }),
  ]);
  const currency = row?.currency ?? defaultCurrency(org?.defaultLocale);
  return {
    currency,
    currencyDigits: currencyDigits(currency),
    currencyFixed: !!row?.currency,
    fiscalYearStartMonth: row?.fiscalYearStartMonth ?? 1,
    thresholds: { onTrack: row?.onTrackPoints ?? 16.5, atRisk: row?.atRiskPoints ?? 33 },
    leaderboard: row?.leaderboard ?? true,
    defaultGrain: (row?.defaultGrain ?? 'month') as Grain,
    timeZone: org?.defaultTimeZone ?? 'UTC',
    companyName: org?.companyName ?? '',
  };
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

/** The write sequence number now (0 before the first write). */
export async function currentWriteSeq(db: DbTx): Promise<number> {
  return (await db.kpiSettings.findUnique({ where: { id: 1 }, select: { writeSeq: true } }))?.writeSeq ?? 0;
}

/** Saves settings checked by kpiSettingsSchema; refuses changes that would change the meaning of stored values. */
export async function saveKpiSettings(ctx: AppContext, input: KpiSettingsInput): Promise<void> {
  await ctx.db.$transaction(async (tx) => {
    await lockKpiWrites(tx);
    const before = await getKpiSettings({ db: tx });
    if (input.currency !== before.currency) {
      const money = await tx.kpiValue.count({ where: { value: { not: null }, measure: { unit: 'money' } } });
      if (money > 0) throw new ConflictError('Money values are stored in the current currency; the currency cannot change any more');
      await tx.kpiMeasure.updateMany({ where: { unit: 'money' }, data: { decimals: currencyDigits(input.currency) } });
    }
    if (input.fiscalYearStartMonth !== before.fiscalYearStartMonth && (await tx.kpiValue.count({ where: { grain: 'quarter' } })) > 0) {
      throw new ConflictError('Quarterly values are stored for the current fiscal quarters; the fiscal year start cannot change any more');
    }
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
  });
}
