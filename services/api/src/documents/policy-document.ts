import { createHash } from 'node:crypto';
import { Field, InputType, Int, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { PolicyDocument, type TenantEntityManager } from '@conduct/db';
import { DomainError } from '@conduct/casework';
import type { RequestContext } from '../request/context';
import { audit, sessionOf } from '../casework/session';

/** A council's published policy with its appendices: 10 MB (the upload body limit fits it base64-encoded). */
export const MAX_PDF_BYTES = 10 * 1024 * 1024;

export const uploadPolicyDocumentSchema = z.strictObject({
  title: z.string().trim().min(1).max(200),
  filename: z
    .string()
    .trim()
    .min(1)
    .max(200)
    .regex(/^[^/\\]+\.pdf$/i, 'must be a file name ending in .pdf'),
  contentBase64: z
    .base64()
    .max(Math.ceil((MAX_PDF_BYTES * 4) / 3) + 4, 'the document may be at most 10 MB'),
});

@InputType({ description: 'The council’s published policy, as a PDF.' })
export class UploadPolicyDocumentInput {
  @Field({
    description:
      'Its title as it appears in enclosure lists, e.g. "Unreasonable Customer Contact Policy".',
  })
  title: string;
  @Field({ description: 'File name, ending in .pdf.' })
  filename: string;
  @Field({ description: 'The PDF, base64 (at most 10 MB).' })
  contentBase64: string;
}

@ObjectType({
  description: 'The council’s published policy, enclosed with letters that say a copy is enclosed.',
})
export class PolicyDocumentNode {
  @Field({ description: 'Title used in enclosure lists.' }) title: string;
  @Field({ description: 'File name.' }) filename: string;
  @Field(() => Int, { description: 'Size in bytes.' }) bytes: number;
  @Field({ description: 'SHA-256 of the file, hex.' }) sha256: string;
  @Field({ description: 'When it was uploaded.' }) uploadedAt: Date;
}

export const toPolicyDocumentNode = (d: PolicyDocument): PolicyDocumentNode => ({
  title: d.title,
  filename: d.filename,
  bytes: d.data.length,
  sha256: d.sha256,
  uploadedAt: d.uploadedAt,
});

export function loadPolicyDocument(em: TenantEntityManager): Promise<PolicyDocument | null> {
  return em.findOne(PolicyDocument, { where: { tenantId: em.tenantId } });
}

/** Stores (or replaces) the council's policy document; audited with its hash, never its content. */
export async function uploadPolicyDocument(
  ctx: RequestContext,
  input: z.infer<typeof uploadPolicyDocumentSchema>,
): Promise<PolicyDocument> {
  const { em, user } = sessionOf(ctx);
  const data = Buffer.from(input.contentBase64, 'base64');
  if (data.length > MAX_PDF_BYTES)
    throw new DomainError(
      'BAD_USER_INPUT',
      'input.contentBase64: the document may be at most 10 MB',
      {
        field: 'input.contentBase64',
        limitBytes: MAX_PDF_BYTES,
      },
    );
  if (data.subarray(0, 5).toString('latin1') !== '%PDF-')
    throw new DomainError('BAD_USER_INPUT', 'input.contentBase64: is not a PDF', {
      field: 'input.contentBase64',
    });
  const previous = await loadPolicyDocument(em);
  const row = em.create(PolicyDocument, {
    tenantId: em.tenantId,
    title: input.title,
    filename: input.filename,
    contentType: 'application/pdf',
    data,
    sha256: createHash('sha256').update(data).digest('hex'),
    uploadedBy: user.id,
    uploadedAt: ctx.services.clock.now(),
  });
  await em.save(row);
  await audit(ctx, {
    action: previous ? 'policy-document.replaced' : 'policy-document.uploaded',
    entityType: 'policy_document',
    entityId: em.tenantId,
    payload: { sha256: row.sha256, bytes: data.length, previousSha256: previous?.sha256 ?? null },
  });
  return row;
}
