import { Arg, Authorized, Ctx, Query, Resolver } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { parseInput } from '../graphql/validated-input';
import { guidanceArgsSchema } from './guidance.inputs';
import { contactGuidance } from './guidance.service';
import { ContactGuidance } from './guidance.type';

@Resolver()
export class GuidanceResolver {
  @Authorized(Permission.ReadCases)
  @Query(() => [ContactGuidance], {
    description:
      'For whoever picks up the phone: find the customer (name, email, phone or reference; typos tolerated) and say what to do on this channel. Audited.',
  })
  contactGuidance(
    @Ctx() ctx: RequestContext,
    @Arg('customerQuery', { description: 'Name, email, phone number or reference, as heard.' })
    customerQuery: string,
    @Arg('channel', { description: 'The channel in hand: a channel key of your policy.' })
    channel: string,
  ): Promise<ContactGuidance[]> {
    return contactGuidance(
      ctx,
      parseInput(guidanceArgsSchema.shape.customerQuery, customerQuery, 'customerQuery'),
      parseInput(guidanceArgsSchema.shape.channel, channel, 'channel'),
    );
  }
}
