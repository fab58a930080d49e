import { Arg, Authorized, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { FrontLineSettings } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { audit, sessionOf } from '../casework/session';
import { AppError } from '../graphql/errors';
import { parseInput } from '../graphql/validated-input';
import { UpdateFrontLineSettingsInput, updateSettingsSchema } from './settings.inputs';
import {
  DEFAULT_FILED_REVIEW_WORKING_DAYS,
  equalityReaders,
  loadSettings,
} from './settings.service';
import { FrontLineSettingsNode } from './settings.type';

async function toNode(ctx: RequestContext): Promise<FrontLineSettingsNode> {
  const s = sessionOf(ctx);
  const settings = await loadSettings(s.em);
  return {
    letterheadName: settings.letterhead.name,
    letterheadAddress: settings.letterhead.address,
    hasLogo: !!settings.letterhead.logo,
    redactStaffNames: settings.redactStaffNames,
    filedReviewWorkingDays: settings.filedReviewWorkingDays,
    equalityReaderRoles: equalityReaders(settings, s.policy),
  };
}

@Resolver()
export class FrontLineSettingsResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => FrontLineSettingsNode, { description: 'Your council’s front-line settings.' })
  frontLineSettings(@Ctx() ctx: RequestContext): Promise<FrontLineSettingsNode> {
    return toNode(ctx);
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => FrontLineSettingsNode, {
    description: 'Changes the letterhead, redaction, filed-correspondence and equality settings.',
  })
  async updateFrontLineSettings(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: UpdateFrontLineSettingsInput,
  ): Promise<FrontLineSettingsNode> {
    const parsed = parseInput(updateSettingsSchema, input);
    const s = sessionOf(ctx);
    const unknownRole = parsed.equalityReaderRoles?.find((r) => !(r in s.policy.roles));
    if (unknownRole)
      throw new AppError(
        'BAD_USER_INPUT',
        `input.equalityReaderRoles: '${unknownRole}' is not a role of your policy`,
        {
          field: 'input.equalityReaderRoles',
        },
      );
    if (
      !!parsed.letterheadLogoBase64 !== !!parsed.letterheadLogoType &&
      parsed.letterheadLogoBase64 !== null
    )
      throw new AppError(
        'BAD_USER_INPUT',
        'input.letterheadLogoType: give the logo and its type together',
        {
          field: 'input.letterheadLogoType',
        },
      );
    const row =
      (await s.em.findOne(FrontLineSettings, { where: { tenantId: s.em.tenantId } })) ??
      s.em.create(FrontLineSettings, {
        tenantId: s.em.tenantId,
        letterheadName: null,
        letterheadAddress: null,
        letterheadLogo: null,
        letterheadLogoType: null,
        redactStaffNames: false,
        filedReviewWorkingDays: DEFAULT_FILED_REVIEW_WORKING_DAYS,
        equalityReaderRoles: null,
      });
    const changed: string[] = [];
    const set = <K extends keyof FrontLineSettings>(
      field: string,
      key: K,
      value: FrontLineSettings[K] | undefined,
    ) => {
      if (value === undefined) return;
      row[key] = value;
      changed.push(field);
    };
    set('letterheadName', 'letterheadName', parsed.letterheadName);
    set('letterheadAddress', 'letterheadAddress', parsed.letterheadAddress);
    if (parsed.letterheadLogoBase64 !== undefined) {
      set(
        'letterheadLogo',
        'letterheadLogo',
        parsed.letterheadLogoBase64 ? Buffer.from(parsed.letterheadLogoBase64, 'base64') : null,
      );
      row.letterheadLogoType = parsed.letterheadLogoBase64
        ? (parsed.letterheadLogoType ?? null)
        : null;
    }
    if (parsed.redactStaffNames != null)
      set('redactStaffNames', 'redactStaffNames', parsed.redactStaffNames);
    if (parsed.filedReviewWorkingDays != null)
      set('filedReviewWorkingDays', 'filedReviewWorkingDays', parsed.filedReviewWorkingDays);
    set('equalityReaderRoles', 'equalityReaderRoles', parsed.equalityReaderRoles);
    row.updatedBy = s.user.id;
    row.updatedAt = ctx.services.clock.now();
    await s.em.save(row);
    await audit(ctx, {
      action: 'front-line-settings.updated',
      entityType: 'front_line_settings',
      entityId: s.em.tenantId,
      payload: { fields: changed },
    });
    return toNode(ctx);
  }
}
