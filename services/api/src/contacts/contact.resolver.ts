import { Arg, Authorized, Ctx, Mutation, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { parseInput } from '../graphql/validated-input';
import { LogContactInput, logContactSchema } from '../cases/case.inputs';
import { toContactNode } from '../cases/contact-node';
import { ContactNode } from '../cases/case.type';
import { logContact } from './contact.service';

@Resolver()
export class ContactResolver {
  @Authorized(Permission.WorkCases)
  @Mutation(() => ContactNode, {
    description: 'Logs a contact or incident; never refused because of restrictions.',
  })
  async logContact(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: LogContactInput,
  ): Promise<ContactNode> {
    return toContactNode(await logContact(ctx, parseInput(logContactSchema, { ...input })));
  }
}
