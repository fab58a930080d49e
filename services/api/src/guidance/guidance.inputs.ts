import { z } from 'zod';

export const guidanceArgsSchema = z.strictObject({
  customerQuery: z.string().trim().min(2).max(200),
  channel: z.string().min(1).max(50),
});
