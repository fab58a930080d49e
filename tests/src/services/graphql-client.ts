import { type Agent, request } from 'node:http';

export interface GraphQLBody<T = Record<string, unknown>> {
  data?: T;
  errors?: { message: string; extensions?: Record<string, unknown> }[];
}

/** What became of one request, told apart the way a shutdown test needs. */
export type Outcome<T = Record<string, unknown>> =
  /** A whole response arrived. */
  | { kind: 'answered'; status: number; body: GraphQLBody<T> }
  /** Headers arrived, then the connection ended before the body did. */
  | { kind: 'cut'; status: number; error: string }
  /** Not a byte came back (refused, or reset before the server answered). */
  | { kind: 'unanswered'; error: string };

/** POST /graphql over plain node:http, so the test chooses the agent (keep-alive or not). */
export function postGraphQL<T = Record<string, unknown>>(
  url: string,
  token: string,
  query: string,
  variables: Record<string, unknown> = {},
  agent?: Agent,
  /** The whole header, e.g. `ApiKey ck_…`; `Bearer <token>` when absent. */
  authorization = `Bearer ${token}`,
): Promise<Outcome<T>> {
  const payload = JSON.stringify({ query, variables });
  return new Promise((resolve) => {
    const req = request(`${url}/graphql`, {
      method: 'POST',
      agent,
      headers: {
        'content-type': 'application/json',
        'content-length': Buffer.byteLength(payload),
        authorization,
      },
    });
    req.on('response', (res) => {
      const status = res.statusCode ?? 0;
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('aborted', () => resolve({ kind: 'cut', status, error: 'aborted' }));
      res.on('error', (e) => resolve({ kind: 'cut', status, error: e.message }));
      res.on('end', () => {
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as GraphQLBody<T>;
          resolve({ kind: 'answered', status, body });
        } catch (e) {
          resolve({ kind: 'cut', status, error: (e as Error).message });
        }
      });
    });
    req.on('error', (e) => resolve({ kind: 'unanswered', error: e.message }));
    req.end(payload);
  });
}
