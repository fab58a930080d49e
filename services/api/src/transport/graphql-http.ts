import type { IncomingMessage, ServerResponse } from 'node:http';
import { HeaderMap, type ApolloServer, type BaseContext } from '@apollo/server';
import type { HttpHandler, HttpRequest, HttpResponse } from '../http/handler';

/** Builds a request's GraphQL context from Node's own request and response. */
export type ContextFor<C> = (http: { req: HttpRequest; res: HttpResponse }) => Promise<C>;

/**
 * Apollo over Node's own request and response, on both of the route's paths
 * (Express's request and response are Node's, with the body parsed).
 */
export function apolloHandler<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: ContextFor<C>,
): HttpHandler {
  return (req, res, next) => {
    respond(apollo, context, req, res).catch(next);
  };
}

async function respond<C extends BaseContext>(
  apollo: ApolloServer<C>,
  context: ContextFor<C>,
  req: HttpRequest,
  res: HttpResponse,
): Promise<void> {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers))
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  const query = req.url?.indexOf('?') ?? -1;
  const response = await apollo.executeHTTPGraphQLRequest({
    httpGraphQLRequest: {
      method: req.method!.toUpperCase(),
      headers,
      search: query === -1 ? '' : req.url!.slice(query),
      body: req.body,
    },
    context: () => context({ req, res }),
  });
  for (const [key, value] of response.headers) res.setHeader(key, value);
  res.statusCode = response.status ?? 200;
  if (response.body.kind === 'complete') {
    res.setHeader('content-length', Buffer.byteLength(response.body.string));
    res.end(response.body.string);
    return;
  }
  for await (const chunk of response.body.asyncIterator) res.write(chunk);
  res.end();
}

/** Whether the lean path takes a request: a POST to /graphql of plain UTF-8 JSON with a declared length. */
function lean(req: IncomingMessage): boolean {
  if (req.method !== 'POST' || req.url !== '/graphql') return false;
  const type = req.headers['content-type']?.toLowerCase();
  return (
    (type === 'application/json' || type === 'application/json; charset=utf-8') &&
    !req.headers['content-encoding'] &&
    Number(req.headers['content-length']) > 0
  );
}

/**
 * POST /graphql without Express, the API's one hot route: Express's router,
 * body parser and response helpers were two fifths of the CPU of a `{ me }`
 * request. The handlers given run in order, the same as on the Express route
 * (access log, CORS, the spent-council gate, the body, the token limit,
 * Apollo), so both paths answer alike; a request the lean path does not take
 * (another method or path, a compressed body, another charset, no declared
 * length, a GET for GraphiQL) goes to Express. Returns whether it took it.
 */
export function graphqlLeanPath(
  handlers: HttpHandler[],
  failed: (err: unknown, res: ServerResponse) => void,
) {
  return (req: IncomingMessage, res: ServerResponse): boolean => {
    if (!lean(req)) return false;
    const http = Object.assign(res, { locals: {} });
    const run = (i: number): void => {
      handlers[i]?.(req, http, (err?: unknown) => {
        if (err === undefined) run(i + 1);
        else if (!res.headersSent) failed(err, res);
      });
    };
    run(0);
    return true;
  };
}
