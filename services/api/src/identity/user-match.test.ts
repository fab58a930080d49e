import { randomUUID } from 'node:crypto';
import { withTenant } from '@conduct/db';
import { RequestTransaction } from '../request/transaction';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import type { VerifiedIdentity } from './authenticate';
import { findStaffUser } from './user-match';

/**
 * A staff request finds its user twice over: `app_open_session` (SQL, the fast
 * path of every request) and `findStaffUser` (TypeScript, the fallback that
 * also binds at first sign-in). They must agree: for the same (issuer,
 * subject) or development email, the same user or nobody. A table of
 * identities, each asked of both.
 */
describe('app_open_session and findStaffUser agree', () => {
  let api: TestApi;
  let maidstone: string;
  let southampton: string;
  const ISS = 'https://login.microsoftonline.com/44444444-4444-4444-4444-444444444444/v2.0';

  beforeAll(async () => {
    api = await startTestApi();
    maidstone = api.tenants.maidstone!;
    southampton = api.tenants.southampton!;
    const bind = (email: string, issuer: string, subject: string) =>
      api.owner.query(`update app_user set issuer = $1, subject = $2 where email = $3`, [
        issuer,
        subject,
        email,
      ]);
    await bind('head-of-policy@maidstone.example', ISS, 'oid-hop');
    await bind('manager@maidstone.example', 'https://other.example/v2.0', 'oid-manager');
    await bind('officer-2@maidstone.example', ISS, 'oid-gone');
    await api.owner.query(
      `update app_user set active = false where email = 'officer-2@maidstone.example'`,
    );
    // A service account with a subject must never sign in with a token.
    await api.owner.query(
      `insert into app_user (tenant_id, id, email, display_name, roles, active, kind, issuer, subject)
       values ($1, $2, 'robot@maidstone.example', 'Robot', '{officer}', true, 'service', $3, 'oid-robot')`,
      [maidstone, randomUUID(), ISS],
    );
  });
  afterAll(() => api.close());

  const viaSql = async (tenantId: string, who: VerifiedIdentity) => {
    const { tx, opened } = await RequestTransaction.beginSession(api.ds, tenantId, who);
    await tx.finish(false);
    return opened.user?.email ?? null;
  };
  it('reads an identity with quotes, backslashes and placeholders exactly as it was bound', async () => {
    // The session statement carries these values as quoted literals (one round trip).
    const subject = "oid-o'brien\\$1 ''; select 1; --";
    await api.owner.query(`update app_user set issuer = $1, subject = $2 where email = $3`, [
      ISS,
      subject,
      'officer@maidstone.example',
    ]);
    expect(await viaSql(maidstone, { issuer: ISS, subject })).toBe('officer@maidstone.example');
    expect(await viaSql(maidstone, { issuer: ISS, subject: `${subject}x` })).toBeNull();
    await api.owner.query(
      `update app_user set issuer = null, subject = null where email = 'officer@maidstone.example'`,
    );
  });

  const viaTs = (tenantId: string, who: VerifiedIdentity) =>
    withTenant(api.ds, tenantId, async (em) => {
      const user = await findStaffUser(em, who, api.clock.now());
      return user?.email ?? null;
    });

  it.each<[string, 'maidstone' | 'southampton', VerifiedIdentity, string | null]>([
    [
      'bound (issuer, subject)',
      'maidstone',
      { issuer: ISS, subject: 'oid-hop' },
      'head-of-policy@maidstone.example',
    ],
    [
      'the same subject under another issuer',
      'maidstone',
      { issuer: 'https://idp.operator.example/v2.0', subject: 'oid-hop' },
      null,
    ],
    [
      'bound under its own issuer',
      'maidstone',
      { issuer: 'https://other.example/v2.0', subject: 'oid-manager' },
      'manager@maidstone.example',
    ],
    ['another subject', 'maidstone', { issuer: ISS, subject: 'oid-nobody' }, null],
    ['the subject in another case', 'maidstone', { issuer: ISS, subject: 'OID-HOP' }, null],
    ['a subject without an issuer', 'maidstone', { subject: 'oid-hop' }, null],
    ['an issuer without a subject', 'maidstone', { issuer: ISS }, null],
    ['an empty subject', 'maidstone', { issuer: ISS, subject: '' }, null],
    [
      'a deactivated user (refused later, by the active check)',
      'maidstone',
      { issuer: ISS, subject: 'oid-gone' },
      'officer-2@maidstone.example',
    ],
    ['a service account’s subject', 'maidstone', { issuer: ISS, subject: 'oid-robot' }, null],
    ['another council’s binding', 'southampton', { issuer: ISS, subject: 'oid-hop' }, null],
    [
      'a development email, any case',
      'maidstone',
      { devEmail: 'Head-Of-Policy@Maidstone.example' },
      'head-of-policy@maidstone.example',
    ],
    [
      'a development email of a service account',
      'maidstone',
      { devEmail: 'robot@maidstone.example' },
      null,
    ],
    [
      'a development email of another council',
      'southampton',
      { devEmail: 'manager@maidstone.example' },
      null,
    ],
  ])('%s', async (_what, council, who, expected) => {
    const tenantId = council === 'maidstone' ? maidstone : southampton;
    const [sql, ts] = [await viaSql(tenantId, who), await viaTs(tenantId, who)];
    expect({ sql, ts }).toEqual({ sql: expected, ts: expected });
  });
});
