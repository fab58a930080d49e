import { randomUUID } from 'node:crypto';
import type { Request } from 'express';
import { AppUser } from '@conduct/db';
import { defineAbility } from '../authorization/ability';
import type { ApiServices, RequestContext } from '../context';
import { RequestTransaction } from '../tenancy/request-transaction';
import { AuthenticationError, verifyBearer } from './authenticate';

/**
 * Builds the context of one request: verifies the token, opens the tenant's
 * transaction, finds the active user in it and builds the ability. A refused
 * token leaves the request anonymous with the reason kept for resolvers.
 */
export async function buildRequestContext(
  services: ApiServices,
  req: Request,
): Promise<{ ctx: RequestContext; tx?: RequestTransaction }> {
  const correlationId = randomUUID();
  const anonymous = (authError?: string) => ({
    ctx: { services, correlationId, ability: defineAbility(undefined, undefined), authError },
  });
  let verified;
  try {
    verified = await verifyBearer(services.ds.manager, req.headers.authorization, services.auth);
  } catch (e) {
    if (e instanceof AuthenticationError) return anonymous(e.message);
    throw e;
  }
  if (!verified) return anonymous();

  const tx = await RequestTransaction.begin(services.ds, verified.tenant.id);
  try {
    const user = await tx.em.findOne(AppUser, {
      where: { tenantId: verified.tenant.id, email: verified.email },
    });
    if (!user || !user.active) {
      await tx.finish(false);
      return anonymous(user ? 'this user has been deactivated' : 'no such user in this council');
    }
    const active = await services.policies.active(tx.em);
    if (!active) {
      await tx.finish(false);
      return anonymous('this council has no active policy yet');
    }
    const session = {
      tenant: verified.tenant,
      user,
      em: tx.em,
      policy: active.policy,
      policyVersionId: active.id,
      actor: { userId: user.id, roles: user.roles },
    };
    const ability = defineAbility(
      { id: user.id, tenantId: user.tenantId, roles: user.roles },
      active.policy,
    );
    return { ctx: { services, correlationId, ability, session, transaction: tx }, tx };
  } catch (e) {
    await tx.finish(false);
    throw e;
  }
}
