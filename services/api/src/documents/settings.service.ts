import { FrontLineSettings, Tenant, type TenantEntityManager } from '@conduct/db';
import type { Policy } from '@conduct/policy';

/**
 * LGSCO guidance asks that filed correspondence be read "promptly"; no council
 * policy here sets a figure, so unconfirmed items escalate after five working
 * days unless the council chooses otherwise.
 */
export const DEFAULT_FILED_REVIEW_WORKING_DAYS = 5;

export interface Letterhead {
  name: string;
  address: string | null;
  logo: { data: Buffer; type: 'image/png' | 'image/jpeg' } | null;
}

export interface EffectiveSettings {
  letterhead: Letterhead;
  redactStaffNames: boolean;
  filedReviewWorkingDays: number;
  /** Explicitly chosen, or (null) the policy's safeguarding readers. */
  equalityReaderRoles: string[] | null;
  stored: boolean;
}

export async function loadSettings(em: TenantEntityManager): Promise<EffectiveSettings> {
  const row = await em.findOne(FrontLineSettings, { where: { tenantId: em.tenantId } });
  let name = row?.letterheadName ?? null;
  if (!name) {
    // The council's own name; the tenant row is a platform table the app role may read.
    const tenant = await em.findOne(Tenant, { where: { id: em.tenantId } });
    name = tenant?.name ?? 'Council';
  }
  return {
    letterhead: {
      name,
      address: row?.letterheadAddress ?? null,
      logo:
        row?.letterheadLogo && row.letterheadLogoType
          ? { data: row.letterheadLogo, type: row.letterheadLogoType }
          : null,
    },
    redactStaffNames: row?.redactStaffNames ?? false,
    filedReviewWorkingDays: row?.filedReviewWorkingDays ?? DEFAULT_FILED_REVIEW_WORKING_DAYS,
    equalityReaderRoles: row?.equalityReaderRoles ?? null,
    stored: !!row,
  };
}

/** Who may record and report protected characteristics: the council's choice, else its safeguarding readers. */
export function equalityReaders(settings: EffectiveSettings, policy: Policy): string[] {
  if (settings.equalityReaderRoles) return settings.equalityReaderRoles;
  const r = policy.sensitiveFields.safeguardingReaders;
  return typeof r === 'string' ? [r] : r;
}
