import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import express from 'express';
import { Kind, parse, type OperationDefinitionNode } from 'graphql';
import type { HttpHandler } from '../http/handler';
import { writeJson } from '../http/json-response';

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

/** A body over the ordinary limit is refused unless its operation only uploads a file. */
function overLimit(bytes: number, body: unknown): boolean {
  return bytes > BODY_LIMIT_BYTES && !onlyUploads(body);
}

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
      if (overLimit(req.bodyBytes ?? 0, req.body)) {
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

/**
 * A body refused before GraphQL sees it (over a limit: 413; not JSON: 400;
 * anything else: 500), as JSON with a code and a correlation id, never
 * Express's HTML page or a stack. Returns the correlation id, for the log.
 */
export function refuseBody(res: ServerResponse, status: number, limit?: number): string {
  const correlationId = randomUUID();
  const message =
    status === 413
      ? 'The request body is too large (200 kB; 15 MB when the operation only uploads a file)'
      : status === 400
        ? 'The request body is not valid JSON'
        : 'Internal server error';
  const code =
    status === 413 ? 'PAYLOAD_TOO_LARGE' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
  writeJson(res, status, {
    errors: [
      {
        message,
        extensions: {
          code,
          ...(status === 413 && limit ? { limitBytes: limit } : {}),
          correlationId,
        },
      },
    ],
  });
  return correlationId;
}

/**
 * The lean path's body reader (`graphql-http.ts`), for what it takes: a plain
 * UTF-8 JSON body of a declared length. The same limits and answers as
 * `graphqlBody` with Express's error handler: 413 over the upload limit (from
 * the declared length, before reading) or over the ordinary limit unless the
 * operation only uploads a file; 400 unless the body is a JSON object or array.
 */
export const readJsonBody: HttpHandler = (req, res, next) => {
  const declared = Number(req.headers['content-length']);
  if (declared > UPLOAD_BODY_LIMIT_BYTES) {
    refuseBody(res, 413, UPLOAD_BODY_LIMIT_BYTES);
    req.resume();
    return;
  }
  const chunks: Buffer[] = [];
  req.on('data', (chunk: Buffer) => chunks.push(chunk));
  req.on('end', () => {
    const bytes = Buffer.concat(chunks);
    // The declared length is all a body may hold; Node ends the request there.
    let body: unknown;
    try {
      const text = bytes.toString('utf8');
      // Strict, as body-parser's json: an object or an array, nothing else.
      if (!/^[ \t\n\r]*[{[]/.test(text)) throw new SyntaxError('not an object or array');
      body = JSON.parse(text);
    } catch {
      refuseBody(res, 400);
      return;
    }
    if (overLimit(bytes.length, body)) {
      refuseBody(res, 413, BODY_LIMIT_BYTES);
      return;
    }
    req.body = body;
    next();
  });
};
