import { Arg, Authorized, Ctx, Int, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { Connection, pageSize } from '../graphql/connection';
import { parseInput } from '../graphql/validated-input';
import { registerPage } from './register.service';
import {
  RegisterEntryNode,
  RegisterFilterInput,
  RegisterScope,
  RegisterSortInput,
} from './register.type';

const RegisterEntryConnection = Connection(RegisterEntryNode, 'RegisterEntry');
type RegisterEntryConnection = InstanceType<typeof RegisterEntryConnection>;

@Resolver()
export class RegisterResolver {
  @Authorized(Permission.ReadRegister)
  @Query(() => RegisterEntryConnection, {
    description:
      'The council’s register of customers under the policy, newest first, with the columns its policy names.',
  })
  async register(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size (1-100).' })
    first: number,
    @Arg('after', () => String, {
      nullable: true,
      description: 'Cursor of the last entry of the previous page.',
    })
    after: string | null,
    @Arg('scope', () => RegisterScope, {
      defaultValue: RegisterScope.CURRENT,
      description: 'CURRENT: open cases; ALL: closed and dormant ones too, with their dates.',
    })
    scope: RegisterScope,
    @Arg('filter', () => RegisterFilterInput, {
      nullable: true,
      description: 'Only the entries that match (stage, measure in force, review due).',
    })
    filter: RegisterFilterInput | null,
    @Arg('sort', () => RegisterSortInput, {
      nullable: true,
      description: 'The order; absent: newest opened first. A cursor continues only its own order.',
    })
    sort: RegisterSortInput | null,
  ): Promise<RegisterEntryConnection> {
    const limit = parseInput(pageSize, first, 'first');
    return registerPage(ctx, limit, after, scope, filter ?? {}, sort ?? undefined);
  }
}
