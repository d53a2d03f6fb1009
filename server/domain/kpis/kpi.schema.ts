/** What HR enters to define measures and custom KPIs (checked again in the services against what exists). */
import { z } from 'zod';
import { AGGREGATIONS, DIRECTIONS, KPI_KINDS, KPI_UNITS, LEVELS, MEASURE_UNITS } from './catalogue';
import { GRAINS } from './periods';
import { MAX_FORMULA_LENGTH } from './formula';

export const KEY_PATTERN = /^[a-z][a-z0-9_]{1,39}$/;
const key = z
  .string()
  .trim()
  .toLowerCase()
  .regex(KEY_PATTERN, { message: 'Use 2 to 40 lower-case letters, digits and _, starting with a letter' });
const name = z.string().trim().min(1, { message: 'Enter a name' }).max(80, { message: 'Use at most 80 characters' });
const optionalText = (max: number) => z.string().trim().max(max, { message: `Use at most ${max} characters` }).default('');

export const measureInputSchema = z.object({
  key,
  name,
  nameId: optionalText(80),
  unit: z.enum(MEASURE_UNITS, { message: 'Choose a unit' }),
  level: z.enum(LEVELS, { message: 'Choose person or team' }),
  grain: z.enum(GRAINS, { message: 'Choose week, month or quarter' }),
  aggregation: z.enum(AGGREGATIONS, { message: 'Choose how it adds up over time' }),
});
export type MeasureInput = z.infer<typeof measureInputSchema>;

export const customKpiInputSchema = z.object({
  key,
  name,
  nameId: optionalText(80),
  description: optionalText(500),
  descriptionId: optionalText(500),
  formula: z.string().max(MAX_FORMULA_LENGTH, { message: 'Use at most 500 characters' }),
  unit: z.enum(KPI_UNITS, { message: 'Choose a unit' }),
  direction: z.enum(DIRECTIONS, { message: 'Choose whether higher or lower is better' }),
  kind: z.enum(KPI_KINDS, { message: 'Choose performance or process' }),
});
export type CustomKpiInput = z.infer<typeof customKpiInputSchema>;
