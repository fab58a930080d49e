import { Arg, Authorized, Ctx, ID, Mutation, Query, Resolver } from 'type-graphql';
import { z } from 'zod';
import { Permission } from '../authorization/permissions';
import type { RequestContext } from '../request/context';
import { parseInput } from '../graphql/validated-input';
import { CreateApiKeyInput, createApiKeySchema } from './api-key.inputs';
import { createApiKey, listApiKeys, revokeApiKey, toApiKeyNode } from './api-key.service';
import { ApiKeyNode, CreatedApiKey } from './api-key.type';

const id = z.uuid();

/** Tenant admins: keys for service accounts, sent as `Authorization: ApiKey ck_<keyId>.<secret>`. */
@Resolver()
export class ApiKeyResolver {
  @Authorized(Permission.ManageTenant)
  @Query(() => [ApiKeyNode], {
    description: 'Your council’s API keys, newest first (never their secrets).',
  })
  async apiKeys(@Ctx() ctx: RequestContext): Promise<ApiKeyNode[]> {
    return (await listApiKeys(ctx)).map((k) => toApiKeyNode(ctx, k));
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => CreatedApiKey, {
    description: 'Creates an API key; its secret is returned this once only.',
  })
  async createApiKey(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: CreateApiKeyInput,
  ): Promise<CreatedApiKey> {
    const { apiKey, secret } = await createApiKey(ctx, parseInput(createApiKeySchema, input));
    return { apiKey: toApiKeyNode(ctx, apiKey), secret };
  }

  @Authorized(Permission.ManageTenant)
  @Mutation(() => ApiKeyNode, { description: 'Revokes an API key at once.' })
  async revokeApiKey(
    @Ctx() ctx: RequestContext,
    @Arg('id', () => ID, { description: 'The key.' }) keyId: string,
  ): Promise<ApiKeyNode> {
    return toApiKeyNode(ctx, await revokeApiKey(ctx, parseInput(id, keyId, 'id')));
  }
}
