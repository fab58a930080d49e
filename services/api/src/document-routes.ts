import express from 'express';
import { z } from 'zod';
import { DomainError } from '@conduct/casework';
import type { ApiServices, RequestContext } from './request/context';
import { abilityAllows } from './authorization/ability';
import { Permission } from './authorization/permissions';
import { evidencePackPdf } from './evidence/pack.pdf';
import { buildEvidencePack } from './evidence/pack.service';
import { buildRequestContext } from './identity/request-context';
import { registerExport } from './register/register.export';
import { letterPdf } from './documents/letter-pdf';
import { letterPreviewPdf } from './documents/letter-preview';
import type { Document } from './documents/document';

const STATUS: Record<string, number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  BAD_USER_INPUT: 400,
};
const uuid = z.uuid();

/**
 * GET handler over the same bearer authentication and one-transaction rule
 * as GraphQL: the request's transaction commits (with its audit event) only
 * when the document was produced, and is rolled back otherwise. Another
 * council's id answers 404 exactly like a missing one.
 */
export function documentRoute(
  services: ApiServices,
  produce: (ctx: RequestContext, id: string, req: express.Request) => Promise<Document>,
  permission: Permission = Permission.ReadCases,
): express.RequestHandler {
  return async (req, res) => {
    res.setHeader('cache-control', 'no-store');
    res.setHeader('x-content-type-options', 'nosniff');
    let built: Awaited<ReturnType<typeof buildRequestContext>>;
    try {
      built = await buildRequestContext(services, req);
    } catch (err) {
      services.logger.error({ err }, 'could not build the request context');
      res.status(500).json({ code: 'INTERNAL_SERVER_ERROR' });
      return;
    }
    const { ctx, tx } = built;
    res.setHeader('x-correlation-id', ctx.correlationId);
    const fail = async (code: string, message: string) => {
      await tx?.finish(false);
      res.status(STATUS[code] ?? 500).json({ code, message, correlationId: ctx.correlationId });
    };
    if (!ctx.session) {
      return fail(
        ctx.operatorSession ? 'FORBIDDEN' : 'UNAUTHENTICATED',
        ctx.operatorSession
          ? 'Platform operators cannot read council data'
          : (ctx.authError ?? 'Sign in first'),
      );
    }
    if (!abilityAllows(ctx.ability, permission))
      return fail('FORBIDDEN', 'Your roles do not allow this');
    // Routes without an id (a whole register) pass ''.
    const id =
      req.params.id === undefined
        ? { success: true as const, data: '' }
        : uuid.safeParse(req.params.id);
    if (!id.success) return fail('NOT_FOUND', 'Not found');
    try {
      const doc = await produce(ctx, id.data, req);
      await tx!.finish(true);
      res
        .status(200)
        .type(doc.contentType)
        .setHeader(
          'content-disposition',
          `${doc.attachment ? 'attachment' : 'inline'}; filename="${doc.filename}"`,
        )
        .send(doc.body);
    } catch (err) {
      if (err instanceof DomainError && STATUS[err.code]) return fail(err.code, err.message);
      services.logger.error({ err, correlationId: ctx.correlationId }, 'document failed');
      return fail('INTERNAL_SERVER_ERROR', 'Internal server error');
    }
  };
}

/** Letters, evidence packs and the register as documents, for signed-in staff of the council. */
export function documentRoutes(services: ApiServices): express.Router {
  const router = express.Router();
  for (const format of ['csv', 'xlsx'] as const) {
    router.get(
      `/register.${format}`,
      documentRoute(services, (ctx) => registerExport(ctx, format), Permission.ReadRegister),
    );
  }
  router.get(
    '/letters/:id.pdf',
    documentRoute(services, async (ctx, id) => {
      const { pdf, filename } = await letterPdf(ctx, id);
      return { contentType: 'application/pdf', body: pdf, filename };
    }),
  );
  router.get(
    '/proposals/:id/letter-preview.pdf',
    documentRoute(services, async (ctx, id) => {
      const { pdf, filename } = await letterPreviewPdf(ctx, id);
      return { contentType: 'application/pdf', body: pdf, filename };
    }),
  );
  for (const scope of ['case', 'customer'] as const) {
    const subject = (id: string) => (scope === 'case' ? { caseId: id } : { customerId: id });
    router.get(
      `/evidence-packs/${scope}/:id.pdf`,
      documentRoute(services, async (ctx, id) => {
        const pack = await buildEvidencePack(ctx, subject(id), 'pdf');
        return {
          contentType: 'application/pdf',
          body: await evidencePackPdf(ctx, pack),
          filename: `evidence-pack-${pack.customer.reference}.pdf`,
        };
      }),
    );
    router.get(
      `/evidence-packs/${scope}/:id.json`,
      documentRoute(services, async (ctx, id) => {
        const pack = await buildEvidencePack(ctx, subject(id), 'json');
        return {
          contentType: 'application/json',
          body: JSON.stringify(pack, null, 2),
          filename: `evidence-pack-${pack.customer.reference}.json`,
        };
      }),
    );
  }
  return router;
}
