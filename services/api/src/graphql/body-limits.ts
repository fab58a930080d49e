import express from 'express';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';

/** Every GraphQL request body may be this large… */
export const BODY_LIMIT_BYTES = 200 * 1024;
/** …except one whose operation only uploads a file (base64): a policy PDF of 10 MB fits. */
export const UPLOAD_BODY_LIMIT_BYTES = 15 * 1024 * 1024;
/** The root fields that carry a file. */
export const UPLOAD_FIELDS = new Set([
  'uploadPolicyDocument',
  'previewRegisterImport',
  'importRegister',
]);

type Sized = express.Request & { bodyBytes?: number };

/** Whether the operation the body runs selects only upload fields (no fragments at the root). */
function onlyUploads(body: unknown): boolean {
  if (!body || typeof body !== 'object') return false;
  const { query, operationName } = body as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  try {
    const ops = parse(query).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
    const op =
      typeof operationName === 'string'
        ? ops.find((o) => o.name?.value === operationName)
        : ops.length === 1
          ? ops[0]
          : undefined;
    return (
      !!op &&
      op.selectionSet.selections.every(
        (s) => s.kind === Kind.FIELD && UPLOAD_FIELDS.has(s.name.value),
      )
    );
  } catch {
    return false;
  }
}

/**
 * The JSON body parser for /graphql: up to the upload limit, then a body over
 * the ordinary limit is refused (413) unless its operation only uploads a file.
 * Anything over the upload limit is refused by the parser itself (413).
 */
export function graphqlBody(): express.RequestHandler[] {
  return [
    express.json({
      limit: UPLOAD_BODY_LIMIT_BYTES,
      verify: (req, _res, buf) => {
        (req as Sized).bodyBytes = buf.length;
      },
    }),
    (req: Sized, _res, next) => {
      if ((req.bodyBytes ?? 0) > BODY_LIMIT_BYTES && !onlyUploads(req.body)) {
        next(
          Object.assign(new Error('request entity too large'), {
            status: 413,
            limit: BODY_LIMIT_BYTES,
          }),
        );
        return;
      }
      next();
    },
  ];
}
