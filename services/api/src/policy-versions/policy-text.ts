import { z } from 'zod';

/** A policy as an operator or admin submits it: its text and the format it is in. */
export const POLICY_FORMATS = ['yaml', 'json'] as const;
export const policyFormat = z.enum(POLICY_FORMATS);
export const policyText = z.string().min(1).max(500_000);
