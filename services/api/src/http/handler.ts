import type { IncomingMessage, ServerResponse } from 'node:http';

/**
 * The request and response a handler on the GraphQL route sees: Node's own,
 * with the parsed body and the per-request values Express calls `locals`. The
 * same handlers run under Express and on the route's lean path
 * (`transport/graphql-http.ts`), so they use nothing else of Express's.
 */
export type HttpRequest = IncomingMessage & { body?: unknown; originalUrl?: string };
export type HttpResponse = ServerResponse & { locals: Record<string, unknown> };
export type HttpHandler = (
  req: HttpRequest,
  res: HttpResponse,
  next: (err?: unknown) => void,
) => void;
