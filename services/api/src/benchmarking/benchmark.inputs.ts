import { benchmarkPeriodSchema } from '@conduct/jobs';
import { z } from 'zod';
import { METRIC_KEYS } from '@conduct/casework';

/** `2026` or `2026-Q1`. */
export const periodSchema = benchmarkPeriodSchema;

/** One of the measures, by key (the SVG route's file name). */
export const metricKeySchema = z.enum(METRIC_KEYS as [string, ...string[]]);
