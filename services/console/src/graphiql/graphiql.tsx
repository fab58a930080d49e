import 'graphiql/setup-workers/vite';
import 'graphiql/style.css';
import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

/**
 * A GraphQL IDE bundled with the API (no CDN): the API serves this page at
 * /graphql in development. Paste a token from `pnpm run token` into the
 * headers tab as {"Authorization": "Bearer …"}.
 */
const fetcher = createGraphiQLFetcher({ url: `${location.origin}/graphql` });

const defaultHeaders = JSON.stringify(
  { Authorization: 'Bearer <token from pnpm run token>' },
  null,
  2,
);

createRoot(document.getElementById('graphiql')!).render(
  <GraphiQL
    fetcher={fetcher}
    defaultHeaders={defaultHeaders}
    defaultQuery={'query {\n  me {\n    tenantName\n    user { displayName roles }\n  }\n}\n'}
  />,
);
