import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { Pool, type PoolClient } from 'pg';

/**
 * The ceiling `pnpm bench:api` compares the API with: a hand-written Node `pg`
 * endpoint doing the same reads in one transaction under the same row-level
 * security, as the same database role, with the same token verification.
 * Run as a child process of the bench: `node baseline-server.js` with
 * DATABASE_URL, PORT, JWKS_URL and AUDIENCE set.
 */
const pool = new Pool({ connectionString: process.env.DATABASE_URL, max: 10 });
const keys = createRemoteJWKSet(new URL(process.env.JWKS_URL!));
const audience = process.env.AUDIENCE!;

async function inTenant<T>(
  req: IncomingMessage,
  work: (db: PoolClient, tenant: { id: string; slug: string }, subject: string) => Promise<T>,
): Promise<T> {
  const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1] ?? '';
  const { payload } = await jwtVerify(token, keys, { audience, algorithms: ['RS256'] });
  const db = await pool.connect();
  try {
    await db.query('begin');
    const {
      rows: [tenant],
    } = await db.query(
      `select set_config('app.tenant_id', id::text, true) as id, slug
         from tenant where oidc_issuer = $1 and status = 'active'`,
      [payload.iss],
    );
    const result = await work(db, tenant, payload.sub!);
    await db.query('commit');
    return result;
  } catch (e) {
    await db.query('rollback');
    throw e;
  } finally {
    db.release();
  }
}

async function me(req: IncomingMessage) {
  return inTenant(req, async (db, tenant, subject) => {
    const { rows } = await db.query(
      `select id from app_user where tenant_id = $1 and subject = $2 and active`,
      [tenant.id, subject],
    );
    if (!rows.length) throw new Error('no such user');
    return { data: { me: { tenantSlug: tenant.slug } } };
  });
}

const byCase = <R extends { case_id: string }>(rows: R[]) => {
  const map = new Map<string, Omit<R, 'case_id'>[]>();
  for (const { case_id, ...rest } of rows) {
    const list = map.get(case_id) ?? [];
    list.push(rest);
    map.set(case_id, list);
  }
  return map;
};

async function cases(req: IncomingMessage) {
  return inTenant(req, async (db, tenant) => {
    const { rows } = await db.query(
      `select c.id, c.reference, c.stage, c.status, cu.id as customer_id, cu.full_name
         from managed_case c join customer cu on cu.tenant_id = c.tenant_id and cu.id = c.customer_id
        where c.tenant_id = $1 order by c.opened_at desc, c.id desc limit 51`,
      [tenant.id],
    );
    const page = rows.slice(0, 50);
    const ids = page.map((r) => r.id);
    const contacts = await db.query(
      `select case_id, id, channel from contact
        where tenant_id = $1 and case_id = any($2::uuid[]) order by occurred_at`,
      [tenant.id, ids],
    );
    const decisions = await db.query(
      `select case_id, id, kind from decision
        where tenant_id = $1 and case_id = any($2::uuid[]) order by decided_at`,
      [tenant.id, ids],
    );
    const restrictions = await db.query(
      `select case_id, id, type from restriction
        where tenant_id = $1 and case_id = any($2::uuid[]) order by starts_at`,
      [tenant.id, ids],
    );
    const [c, d, r] = [byCase(contacts.rows), byCase(decisions.rows), byCase(restrictions.rows)];
    const edges = page.map((row) => ({
      node: {
        id: row.id,
        reference: row.reference,
        stage: row.stage,
        status: row.status,
        customer: { id: row.customer_id, fullName: row.full_name },
        contacts: c.get(row.id) ?? [],
        decisions: d.get(row.id) ?? [],
        restrictions: r.get(row.id) ?? [],
      },
    }));
    return { data: { cases: { edges } } };
  });
}

const routes: Record<string, (req: IncomingMessage) => Promise<unknown>> = {
  '/me': me,
  '/cases': cases,
};

function handle(req: IncomingMessage, res: ServerResponse) {
  req.resume();
  req.on('end', () => {
    const route = routes[req.url ?? ''];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    route(req).then(
      (body) => {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      },
      (e: unknown) => {
        res
          .writeHead(500, { 'content-type': 'application/json' })
          .end(JSON.stringify({ error: String(e) }));
      },
    );
  });
}

createServer(handle).listen(Number(process.env.PORT), '127.0.0.1', () => {
  process.send?.('ready');
});
