import { Arg, Authorized, Ctx, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import type { RequestContext } from '../request/context';
import { Permission } from '../authorization/permissions';
import { sessionOf } from '../casework/session';
import { parseInput } from '../graphql/validated-input';
import { ProposalNode } from '../proposals/proposal.type';
import { loadProposal } from '../proposals/proposal.service';
import { LetterPreviewNode, letterPreview } from './letter-preview';
import {
  loadPolicyDocument,
  PolicyDocumentNode,
  toPolicyDocumentNode,
  uploadPolicyDocument,
  UploadPolicyDocumentInput,
  uploadPolicyDocumentSchema,
} from './policy-document';
import { FrontLineSettingsNode } from './settings.type';

@Resolver()
export class PolicyDocumentResolver {
  @Authorized(Permission.ManageTenant)
  @Mutation(() => PolicyDocumentNode, {
    description:
      'Uploads the council’s published policy (PDF), enclosed with every letter whose text says a copy is enclosed; replaces the previous one.',
  })
  async uploadPolicyDocument(
    @Ctx() ctx: RequestContext,
    @Arg('input') input: UploadPolicyDocumentInput,
  ): Promise<PolicyDocumentNode> {
    const parsed = parseInput(uploadPolicyDocumentSchema, input);
    return toPolicyDocumentNode(await uploadPolicyDocument(ctx, parsed));
  }
}

@Resolver(() => FrontLineSettingsNode)
export class SettingsPolicyDocumentResolver {
  @FieldResolver(() => PolicyDocumentNode, {
    nullable: true,
    description: 'The council’s published policy, if uploaded.',
  })
  async policyDocument(@Ctx() ctx: RequestContext): Promise<PolicyDocumentNode | null> {
    const doc = await loadPolicyDocument(sessionOf(ctx).em);
    return doc ? toPolicyDocumentNode(doc) : null;
  }
}

@Resolver(() => ProposalNode)
export class ProposalLetterPreviewResolver {
  @FieldResolver(() => LetterPreviewNode, {
    nullable: true,
    description:
      'The letter deciding this proposal now would send, for the decider to read before deciding; null when the move sends none. As a PDF: GET /proposals/<id>/letter-preview.pdf.',
  })
  async letterPreview(
    @Ctx() ctx: RequestContext,
    @Root() p: ProposalNode,
  ): Promise<LetterPreviewNode | null> {
    return letterPreview(ctx, await loadProposal(ctx, p.id));
  }
}
