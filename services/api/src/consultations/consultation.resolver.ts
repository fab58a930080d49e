import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { Consultation } from '@conduct/db';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { CaseNode } from '../cases/case.type';
import { parseInput } from '../graphql/validated-input';
import { RecordConsultationInput, recordConsultationSchema } from './consultation.inputs';
import { recordConsultation, toConsultationNode } from './consultation.service';
import { ConsultationNode } from './consultation.type';

@Resolver(() => CaseNode)
export class ConsultationResolver {
  @Authorized(Permission.WorkCases)
  @Mutation(() => ConsultationNode, {
    description:
      'Records a consultation the policy requires (who was consulted and what they advised) on the case’s open proposal, its next review or a pending request to lift restrictions. Refused with POLICY_VIOLATION (NOT_CONSULTATION_RECORDER) for anyone but the person consulted and those who take the decision.',
  })
  async recordConsultation(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: RecordConsultationInput,
  ): Promise<ConsultationNode> {
    return toConsultationNode(
      await recordConsultation(ctx, parseInput(recordConsultationSchema, { ...input })),
    );
  }

  @FieldResolver(() => [ConsultationNode], {
    description: 'Every consultation recorded on the case, oldest first.',
  })
  async consultations(
    @Ctx() ctx: RequestContext,
    @Root() c: CaseNode,
  ): Promise<ConsultationNode[]> {
    const { em } = sessionOf(ctx);
    const rows = await em.find(Consultation, {
      where: { tenantId: em.tenantId, caseId: c.id },
      order: { recordedAt: 'ASC', id: 'ASC' },
    });
    return rows.map(toConsultationNode);
  }
}
