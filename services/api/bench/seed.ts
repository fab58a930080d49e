import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Client } from 'pg';

const TENANTS_DIR = join(__dirname, '..', '..', '..', '..', 'tenants');

export interface SeededCouncil {
  id: string;
  slug: string;
  issuer: string;
  /** The bench user's token subject. */
  subject: string;
}

const FIRST = `array['Olivia','Amelia','Isla','Ava','Mia','Ivy','Lily','Isabella','Rosie','Sophia','Grace','Willow',
  'Freya','Florence','Emily','Ella','Poppy','Evie','Elsie','Charlotte','Noah','Oliver','George','Arthur','Muhammad',
  'Leo','Harry','Oscar','Archie','Henry','Theodore','Freddie','Jack','Charlie','Theo','Alfie','Jacob','Thomas',
  'Finley','Arlo','William','Lucas','Roman','Tommy','Isaac','Teddy','Alexander','Luca','Edward','James','Joshua',
  'Albie','Elijah','Max','Mohammed','Reggie','Hudson','Harrison','Sebastian','Ronnie','Priya','Aisha','Zara','Fatima']`;
const PART1 = `array['ash','black','brad','brook','clay','crow','dun','fair','fen','gold','green','hard','hay','hol',
  'king','lang','lock','marsh','mill','moor','new','north','oak','pen','rad','red','rock','row','sand','shaw',
  'south','stan','stock','thorn','wake','ward','west','white','wind','wood']`;
const PART2 = `array['ley','ford','ton','field','wood','well','by','more','ridge','worth','combe','den','ham','hurst',
  'land','low','mere','stead','wick','bourne','brook','cliffe','dale','gate','hill','holt','lake','leigh','shaw',
  'side','stone','thwaite','wall','water','bury','croft','field','fold','haven','thorpe']`;

/** A deterministic, varied name for row g (about 64 × 1,600 combinations, as in a real council). */
const NAME = `(${FIRST})[1 + abs(hashint4(g)) % 64] || ' ' ||
  initcap((${PART1})[1 + abs(hashint4(g + 7)) % 40] || (${PART2})[1 + abs(hashint4(g + 13)) % 40])`;

/** One council with its real policy and one bench user who may read cases and the register. */
export async function createCouncil(
  owner: Client,
  slug: string,
  jwksUrl: string,
  audience: string,
): Promise<SeededCouncil> {
  const source = readFileSync(join(TENANTS_DIR, slug, 'policy.yaml'), 'utf8');
  const issuer = `https://login.bench.example/${slug}/v2.0`;
  const {
    rows: [tenant],
  } = await owner.query(
    `insert into tenant (slug, name, population, oidc_issuer, oidc_jwks_url, oidc_audience)
     values ($1, $1, 100000, $2, $3, $4) returning id`,
    [slug, issuer, jwksUrl, audience],
  );
  const { checkPolicyText } = await import('@conduct/policy');
  const { policy } = checkPolicyText(source);
  await owner.query(
    `insert into policy_version (tenant_id, version, status, source_text, source_hash, document, activated_at)
     values ($1, 1, 'active', $2, md5($2), $3, now())`,
    [tenant.id, source, policy],
  );
  const roles = Object.keys(policy!.roles);
  const subject = `bench-${slug}`;
  await owner.query(
    `insert into app_user (tenant_id, email, display_name, roles, issuer, subject)
     values ($1, $2, 'Bench user', $3, $4, $5)`,
    [tenant.id, `bench@${slug}.example`, roles, issuer, subject],
  );
  return { id: tenant.id, slug, issuer, subject };
}

/** Customers `from + 1` to `to` of a council (reference `CUS-<n>`, email `person<n>@example.org`, phone `07700 <n>`). */
export async function growCustomers(owner: Client, tenantId: string, from: number, to: number) {
  if (to <= from) return;
  await owner.query(
    `insert into customer (tenant_id, id, reference, full_name, email, phone, address, created_at, updated_at)
     select $1::uuid, md5($1::text || 'cu' || g)::uuid, 'CUS-' || g, ${NAME},
            'person' || g || '@example.org', '07700 ' || lpad(g::text, 6, '0'), g || ' High Street',
            now(), now()
       from generate_series($2::int, $3::int) g`,
    [tenantId, from + 1, to],
  );
}

/**
 * Grows a council from `from` to `to` customers, each with one open case (2
 * contacts, a transition decision, every other case an active restriction), so
 * the register and the case list have as many rows as customers.
 */
export async function growCouncil(owner: Client, tenantId: string, from: number, to: number) {
  if (to <= from) return;
  const args = [tenantId, from + 1, to];
  await growCustomers(owner, tenantId, from, to);
  await owner.query(
    `insert into managed_case (tenant_id, id, reference, customer_id, policy_version_id, stage, status,
                               opened_at, opened_by, stage_entered_at, last_activity_at)
     select $1::uuid, md5($1::text || 'mc' || g)::uuid, 'MC-' || g, md5($1::text || 'cu' || g)::uuid, v.id,
            'warning', 'open', timestamptz '2025-01-01' + g * interval '1 minute', u.id, now(), now()
       from generate_series($2::int, $3::int) g, policy_version v, app_user u
      where v.tenant_id = $1::uuid and u.tenant_id = $1::uuid`,
    args,
  );
  await owner.query(
    `insert into contact (tenant_id, case_id, customer_id, occurred_at, channel, severity, description,
                          recorded_by, recorded_at)
     select $1::uuid, md5($1::text || 'mc' || g)::uuid, md5($1::text || 'cu' || g)::uuid,
            timestamptz '2025-01-01' + g * interval '1 minute' + k * interval '1 day', 'telephone', 'medium',
            'Called about the same planning decision', u.id, now()
       from generate_series($2::int, $3::int) g, generate_series(1, 2) k, app_user u
      where u.tenant_id = $1::uuid`,
    args,
  );
  await owner.query(
    `insert into decision (tenant_id, id, case_id, kind, transition_key, from_stage, to_stage, decided_by, decided_at)
     select $1::uuid, md5($1::text || 'de' || g)::uuid, md5($1::text || 'mc' || g)::uuid, 'transition',
            'warn', 'concern', 'warning', u.id, timestamptz '2025-02-01' + g * interval '1 minute'
       from generate_series($2::int, $3::int) g, app_user u
      where u.tenant_id = $1::uuid`,
    args,
  );
  await owner.query(
    `insert into restriction (tenant_id, case_id, decision_id, type, parameters, starts_at, ends_at, status)
     select $1::uuid, md5($1::text || 'mc' || g)::uuid, md5($1::text || 'de' || g)::uuid, 'call-time-limit',
            '{"minutes": 10}', now() - interval '1 day', now() + interval '90 days', 'active'
       from generate_series($2::int, $3::int) g
      where g % 2 = 0`,
    args,
  );
}

/** The customer the front-line search looks for, with a name no generated one has. */
export async function nameSearchTarget(owner: Client, tenantId: string): Promise<void> {
  await owner.query(
    `update customer set full_name = 'Alexandra Pemberton-Whyte' where tenant_id = $1 and reference = 'CUS-1'`,
    [tenantId],
  );
}
