import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { parseInput } from '../graphql/validated-input';
import { AttestCheckInput, attestCheckSchema } from '../cases/case.inputs';
import { CheckAttestationNode } from '../cases/case.type';
import { attestCheck } from './check.service';

@Resolver()
export class CheckResolver {
  @Authorized(Permission.WorkCases)
  @Mutation(() => CheckAttestationNode, { description: 'Attests a pre-action check on a case.' })
  async attestCheck(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: AttestCheckInput,
  ): Promise<CheckAttestationNode> {
    return attestCheck(ctx, parseInput(attestCheckSchema, { ...input }));
  }
}
