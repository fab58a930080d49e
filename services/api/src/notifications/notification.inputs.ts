import { z } from 'zod';

export const notificationIdSchema = z.uuid();
export const unreadOnlySchema = z.boolean();
