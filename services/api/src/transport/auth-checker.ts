import type { AuthCheckerFn } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { AppError } from '../graphql/errors';
import { abilityAllows } from '../authorization/ability';
import { Permission } from '../authorization/permissions';

/**
 * `@Authorized(Permission.X)`: anonymous → UNAUTHENTICATED; lacking X → FORBIDDEN.
 * A platform operator has no council session: `@Authorized()` alone (any
 * signed-in council user) and every tenant permission are FORBIDDEN to them.
 */
export const authChecker: AuthCheckerFn<RequestContext> = ({ context }, permissions) => {
  if (context.operatorSession && !context.session) {
    const platformOnly =
      permissions.length > 0 && permissions.every((p) => p === Permission.OperatePlatform);
    if (!platformOnly)
      throw new AppError('FORBIDDEN', 'Platform operators cannot read or change council data');
    return true;
  }
  if (!context.session) {
    throw new AppError(
      'UNAUTHENTICATED',
      context.authError ? `Not signed in: ${context.authError}` : 'Sign in first',
    );
  }
  const missing = (permissions as Permission[]).filter((p) => !abilityAllows(context.ability, p));
  if (missing.length) throw new AppError('FORBIDDEN', 'Your roles do not allow this', { missing });
  return true;
};
