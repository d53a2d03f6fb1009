/** The KPI settings HR changes: company currency, fiscal year start, pace thresholds, the leaderboard, the default grain. */
import { z } from 'zod';
import { GRAINS } from './periods';

/** ISO 4217 codes this runtime can format. */
export const CURRENCIES: readonly string[] = Intl.supportedValuesOf('currency');
/** Offered first on the settings page. */
export const COMMON_CURRENCIES = ['IDR', 'USD', 'EUR', 'SGD', 'MYR', 'AUD', 'GBP', 'JPY', 'PHP', 'THB', 'VND', 'INR', 'CNY'];

const points = z.coerce
  .number({ message: 'Enter a number of points between 0 and 100' })
  .min(0, { message: 'Enter a number of points between 0 and 100' })
  .max(100, { message: 'Enter a number of points between 0 and 100' })
  .refine((n) => Math.round(n * 100) === n * 100, { message: 'Use at most two decimals' });

export const kpiSettingsSchema = z
  .object({
    currency: z
      .string()
      .trim()
      .toUpperCase()
      .refine((c) => CURRENCIES.includes(c), { message: 'Choose a currency from the list' }),
    fiscalYearStartMonth: z.coerce.number({ message: 'Choose a month' }).int({ message: 'Choose a month' }).min(1, { message: 'Choose a month' }).max(12, { message: 'Choose a month' }),
    onTrackPoints: points,
    atRiskPoints: points,
    leaderboard: z.union([z.boolean(), z.enum(['on', 'true', '1', 'off', 'false', '0', '']).transform((v) => ['on', 'true', '1'].includes(v))]).default(false),
    defaultGrain: z.enum(GRAINS, { message: 'Choose week, month or quarter' }),
  })
  .refine((v) => v.atRiskPoints >= v.onTrackPoints, { path: ['atRiskPoints'], message: 'The at-risk limit must be at least the on-track limit' });

export type KpiSettingsInput = z.infer<typeof kpiSettingsSchema>;
