import type { AuthCheckerFn } from 'type-graphql';
import type { RequestContext } from '../context';
import { AppError } from '../graphql/errors';
import { abilityAllows } from './ability';
import type { Permission } from './permissions';

/** `@Authorized(Permission.X)`: anonymous → UNAUTHENTICATED; lacking X → FORBIDDEN. */
export const authChecker: AuthCheckerFn<RequestContext> = ({ context }, permissions) => {
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
