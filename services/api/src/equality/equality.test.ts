import { withTenant } from '@conduct/db';
import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { disclose } from './disclosure';

const RECORD = `mutation($customerId: ID!, $characteristic: ProtectedCharacteristic!, $value: String) {
  recordProtectedCharacteristic(customerId: $customerId, characteristic: $characteristic, value: $value)
}`;
const REPORT = `query($c: ProtectedCharacteristic!) {
  equalityReport(characteristic: $c) {
    characteristic totalCustomers totalRestricted
    rows { value customers restricted suppressed }
    notRecorded { value customers restricted suppressed }
  }
}`;

interface Row {
  value: string;
  customers: number | null;
  restricted: number | null;
  suppressed: boolean;
}

describe('equality monitoring', () => {
  let api: TestApi;
  let reader: string;
  let officer: string;

  beforeAll(async () => {
    api = await startTestApi();
    reader = await api.token('southampton', 'complaints-resolution-manager@southampton.example');
    officer = await api.token('southampton', 'officer@southampton.example');
    // 12 customers aged 25-34 (6 restricted), 3 aged 65+ (2 restricted), 4 with nothing recorded.
    const plan = [
      ...Array.from({ length: 12 }, (_, i) => ({ age: '25-34', restricted: i < 6 })),
      ...Array.from({ length: 3 }, (_, i) => ({ age: '65+', restricted: i < 2 })),
      ...Array.from({ length: 4 }, () => ({ age: null, restricted: false })),
    ];
    for (const [i, p] of plan.entries()) {
      const seeded = await seedFrontLine(api, {
        slug: 'southampton',
        fullName: `Equality Customer ${i}`,
        restrictions: p.restricted
          ? [{ type: 'single-point-of-contact', parameters: { officer: 'J. Smith' } }]
          : [],
      });
      if (p.age) {
        const res = await api.gql(
          RECORD,
          { customerId: seeded.customerId, characteristic: 'AGE', value: p.age },
          reader,
        );
        expect(res.errors).toBeUndefined();
      }
    }
  });
  afterAll(() => api.close());

  it('suppresses cells under 5 and rounds the rest to 5', async () => {
    expect([disclose(0), disclose(4), disclose(5), disclose(7), disclose(8), disclose(12)]).toEqual(
      [null, null, 5, 5, 10, 10],
    );
    const res = await api.gql<{
      equalityReport: {
        rows: Row[];
        notRecorded: Row;
        totalCustomers: number;
        totalRestricted: number;
      };
    }>(REPORT, { c: 'AGE' }, reader);
    expect(res.errors).toBeUndefined();
    const r = res.data!.equalityReport;
    expect(r.rows).toEqual([
      { value: '25-34', customers: 10, restricted: 5, suppressed: false },
      { value: '65+', customers: null, restricted: null, suppressed: true },
    ]);
    expect(r.notRecorded).toEqual({
      value: 'not recorded',
      customers: null,
      restricted: null,
      suppressed: true,
    });
    expect(r.totalCustomers).toBe(20); // 19, rounded
    expect(r.totalRestricted).toBe(10); // 8, rounded
  });

  it('keeps the special-category data from roles the council does not name', async () => {
    const report = await api.gql(REPORT, { c: 'AGE' }, officer);
    expect(report.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const seeded = await seedFrontLine(api, { slug: 'southampton', fullName: 'Not Recorded' });
    const write = await api.gql(
      RECORD,
      { customerId: seeded.customerId, characteristic: 'RACE', value: 'x' },
      officer,
    );
    expect(write.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const events = (await api.owner.query(
      `select payload from audit_event where action = 'protected-characteristic.recorded'`,
    )) as { payload: Record<string, unknown> }[];
    expect(events.length).toBe(15);
    expect(JSON.stringify(events)).not.toContain('25-34');
  });

  it('deletes a purged customer’s characteristics', async () => {
    const tenantId = api.tenants.southampton!;
    const [one] = (await api.owner.query(
      `select customer_id from customer_characteristic where tenant_id = $1 limit 1`,
      [tenantId],
    )) as { customer_id: string }[];
    await withTenant(api.ds, tenantId, (em) =>
      em.query(
        `update customer set full_name = null, purged_at = now() where tenant_id = $1 and id = $2`,
        [tenantId, one!.customer_id],
      ),
    );
    const left = (await api.owner.query(
      `select count(*)::int as n from customer_characteristic where customer_id = $1`,
      [one!.customer_id],
    )) as { n: number }[];
    expect(left[0]!.n).toBe(0);
  });
});
