import { Casework, violation } from '@conduct/api/testing/proposals/casework.testkit';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const RECORD_FIELDS = 'id kind referralKey referralLabel body occurredAt recordedBy';
const HOLD = (verb: string) => `mutation($input: LegalHoldInput!) {
  ${verb}(input: $input) { id legalHold stage records { ${RECORD_FIELDS} } } }`;
const REFERRAL = `mutation($input: RecordReferralInput!) { recordReferral(input: $input) { ${RECORD_FIELDS} } }`;
const NOTE = `mutation($input: AddCaseNoteInput!) { addCaseNote(input: $input) { ${RECORD_FIELDS} } }`;
const CASE = `query($id: ID!) { case(id: $id) { id stage legalHold records { ${RECORD_FIELDS} } } }`;
const AUDIT = `query($caseId: ID!) { auditTrail(caseId: $caseId) { action entityId payload } }`;
const REGISTER = `query($scope: RegisterScope) { register(scope: $scope) {
  totalCount edges { node { caseId status closedAt cells { key value }
    restrictionHistory { type status startsAt endsAt endedAt } } } } }`;
const NOTICES = `query { myNotifications { edges { node { kind caseId title body } } } }`;

interface CaseRecordNode {
  id: string;
  kind: string;
  referralKey: string | null;
  referralLabel: string | null;
  body: string;
}
type AuditRow = { action: string; entityId: string; payload: string };

describe('records on a case outside the stage model', () => {
  let api: TestApi;
  beforeAll(async () => {
    api = await startTestApi({ now: new Date('2026-01-05T09:00:00Z') });
  });
  afterAll(() => api.close());

  async function auditOf(w: Casework, caseId: string): Promise<AuditRow[]> {
    return (
      await w.ok<{ auditTrail: AuditRow[] }>('complaints-resolution-manager', AUDIT, { caseId })
    ).auditTrail;
  }

  it('legal holds: placed and released by the roles the policy names, with reasons, audited by id', async () => {
    const w = new Casework(api, 'southampton');
    const { caseId } = await w.openCase('officer', 'Harriet Hold');
    const reason = 'Claim issued in the county court; keep everything';

    const refused = await w.gql('service-manager', HOLD('placeLegalHold'), {
      input: { caseId, reason },
    });
    expect(violation(refused)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['WRONG_ROLE'] });
    const blank = await w.gql('complaints-resolution-manager', HOLD('placeLegalHold'), {
      input: { caseId, reason: '  ' },
    });
    expect(blank.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
    const still = await w.ok<{ case: { legalHold: boolean; records: unknown[] } }>(
      'officer',
      CASE,
      {
        id: caseId,
      },
    );
    expect(still.case).toMatchObject({ legalHold: false, records: [] });

    const placed = await w.ok<{
      placeLegalHold: { legalHold: boolean; records: CaseRecordNode[] };
    }>('complaints-resolution-manager', HOLD('placeLegalHold'), { input: { caseId, reason } });
    expect(placed.placeLegalHold.legalHold).toBe(true);
    expect(placed.placeLegalHold.records).toEqual([
      expect.objectContaining({ kind: 'legal-hold-placed', body: reason }),
    ]);
    const again = await w.gql('complaints-resolution-manager', HOLD('placeLegalHold'), {
      input: { caseId, reason },
    });
    expect(violation(again).reasons).toEqual(['ALREADY_HELD']);

    api.clock.set(new Date('2026-01-05T10:00:00Z'));
    const released = await w.ok<{
      releaseLegalHold: { legalHold: boolean; records: CaseRecordNode[] };
    }>('head-of-service-legal', HOLD('releaseLegalHold'), {
      input: { caseId, reason: 'Proceedings concluded' },
    });
    expect(released.releaseLegalHold.legalHold).toBe(false);
    expect(released.releaseLegalHold.records.map((r) => r.kind)).toEqual([
      'legal-hold-placed',
      'legal-hold-released',
    ]);

    const audit = await auditOf(w, caseId);
    const holds = audit.filter((e) => e.action.startsWith('case.legal-hold'));
    expect(holds.map((e) => e.action)).toEqual([
      'case.legal-hold-placed',
      'case.legal-hold-released',
    ]);
    expect(JSON.stringify(audit)).not.toContain('county court');
    await w.auditChainOk();
  });

  it('referrals outside the policy: recorded with no effect on the stage; unknown kinds refused', async () => {
    const w = new Casework(api, 'welwyn-hatfield');
    const { caseId } = await w.openCase('officer', 'Rowan Referral');
    const unknown = await w.gql('officer', REFERRAL, {
      input: { caseId, referralKey: 'astrology', occurredAt: '2026-01-05T08:00:00Z', note: 'x' },
    });
    expect(violation(unknown)).toEqual({ code: 'POLICY_VIOLATION', reasons: ['NO_SUCH_REFERRAL'] });
    const future = await w.gql('officer', REFERRAL, {
      input: { caseId, referralKey: 'police', occurredAt: '2026-02-01T08:00:00Z', note: 'x' },
    });
    expect(future.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.occurredAt',
    });

    const made = await w.ok<{ recordReferral: CaseRecordNode }>('officer', REFERRAL, {
      input: {
        caseId,
        referralKey: 'police',
        occurredAt: '2026-01-05T08:30:00Z',
        note: 'Threat to an officer at reception; crime reference given',
      },
    });
    expect(made.recordReferral).toMatchObject({
      kind: 'referral',
      referralKey: 'police',
      referralLabel: 'Reported to the police',
    });
    const after = await w.ok<{ case: { stage: string; records: CaseRecordNode[] } }>(
      'officer',
      CASE,
      { id: caseId },
    );
    expect(after.case.stage).toBe('concern');
    expect(after.case.records).toHaveLength(1);
    const audit = (
      await w.ok<{ auditTrail: AuditRow[] }>('service-manager', AUDIT, { caseId })
    ).auditTrail.find((e) => e.action === 'case.referral');
    expect(JSON.parse(audit!.payload)).toEqual({ referralKey: 'police' });
    await w.auditChainOk();
  });

  it('case notes: added over time, shown in the register, audited without their text', async () => {
    const w = new Casework(api, 'maidstone');
    const { caseId, customerId } = await w.openCase('officer', 'Nina Notes');
    const blank = await w.gql('officer', NOTE, { input: { caseId, text: '' } });
    expect(blank.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT' });

    await w.ok('officer', NOTE, { input: { caseId, text: 'Calls every Monday after bin day' } });
    api.clock.set(new Date('2026-01-12T09:00:00Z'));
    await w.ok('manager', NOTE, { input: { caseId, text: 'Pattern repeats a second week' } });
    const notes = await w.ok<{ case: { records: CaseRecordNode[] } }>('officer', CASE, {
      id: caseId,
    });
    expect(notes.case.records.map((r) => r.body)).toEqual([
      'Calls every Monday after bin day',
      'Pattern repeats a second week',
    ]);
    const audit = (await w.ok<{ auditTrail: AuditRow[] }>('head-of-policy', AUDIT, { caseId }))
      .auditTrail;
    expect(audit.filter((e) => e.action === 'case.note').map((e) => e.payload)).toEqual([
      '{}',
      '{}',
    ]);
    expect(JSON.stringify(audit)).not.toContain('bin day');

    // On the register once a decision is taken (§7.4 "Case notes"), with the dates.
    const contactId = await w.logContact('officer', { customerId, caseId }, 'telephone', [
      'repeat-enquiries',
    ]);
    const proposalId = await w.propose('manager', {
      caseId,
      toStage: 'warning',
      rationale: 'Repeated calls',
      evidenceContactIds: [contactId],
    });
    await w.approve('head-of-policy', proposalId);
    const reg = await w.ok<{
      register: { edges: { node: { caseId: string; cells: { key: string; value: string }[] } }[] };
    }>('head-of-policy', REGISTER, {});
    const cell = reg.register.edges
      .find((e) => e.node.caseId === caseId)
      ?.node.cells.find((c) => c.key === 'case-notes');
    expect(cell?.value).toBe(
      '2026-01-05: Calls every Monday after bin day; 2026-01-12: Pattern repeats a second week',
    );
  });

  it('the register keeps closed cases with their dates, and only the roles the policy names read it', async () => {
    api.clock.set(new Date('2026-01-20T09:00:00Z'));
    const w = new Casework(api, 'london-borough');
    const { caseId, customerId } = await w.openCase('officer', 'Carla Closed');
    const contactId = await w.logContact('officer', { customerId, caseId }, 'telephone', [
      'excessive-contact',
    ]);
    await w.attest('director', caseId, 'safeguarding-considered', 'sufficient-examples-seen');
    const warn = await w.propose('officer', {
      caseId,
      toStage: 'warning',
      rationale: 'Excessive contact',
      evidenceContactIds: [contactId],
    });
    await w.approve('director', warn);
    api.clock.set(new Date('2026-02-20T09:00:00Z'));
    const close = await w.propose('officer', { caseId, toStage: 'closed', rationale: 'Stopped' });
    await w.approve('assistant-director', close);

    // §3 Confidentiality: not every officer reads the list.
    const officer = await w.gql('officer', REGISTER, {});
    expect(officer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect(officer.errors?.[0]?.message).toMatch(/Head of the Customer Engagement/);

    type Reg = {
      register: {
        totalCount: number;
        edges: { node: { caseId: string; status: string; closedAt: string | null } }[];
      };
    };
    const current = await w.ok<Reg>('head-of-customer-engagement', REGISTER, {});
    expect(current.register.edges.map((e) => e.node.caseId)).not.toContain(caseId);
    const all = await w.ok<Reg>('head-of-customer-engagement', REGISTER, { scope: 'ALL' });
    expect(all.register.edges.find((e) => e.node.caseId === caseId)?.node).toMatchObject({
      status: 'closed',
      closedAt: '2026-02-20T09:00:00.000Z',
    });
    const bad = await w.gql('head-of-customer-engagement', REGISTER, { scope: 'EVERYTHING' });
    expect(bad.errors?.[0]?.extensions?.code).toBe('BAD_USER_INPUT');
  });

  it('staff are told at once of the contacts the policy names (Welwyn Hatfield §5.4.2), not of others', async () => {
    const w = new Casework(api, 'welwyn-hatfield');
    const ids = await w.openCase('officer', 'Terry Terminated');
    await w.logContact('officer', ids, 'telephone', ['unreasonable-persistence'], 'high');
    type Notices = {
      myNotifications: { edges: { node: { kind: string; caseId: string; body: string } }[] };
    };
    const none = await w.ok<Notices>('service-manager', NOTICES, {});
    expect(none.myNotifications.edges.filter((e) => e.node.caseId === ids.caseId)).toEqual([]);

    await w.logContact('officer', ids, 'telephone', ['abusive-language'], 'medium');
    const told = await w.ok<Notices>('service-manager', NOTICES, {});
    const mine = told.myNotifications.edges.filter((e) => e.node.caseId === ids.caseId);
    expect(mine.map((e) => e.node.kind)).toEqual(['contact-logged']);
    expect(mine[0]!.node.body).not.toContain('Terry');
    const officer = await w.ok<Notices>('officer', NOTICES, {});
    expect(officer.myNotifications.edges.filter((e) => e.node.caseId === ids.caseId)).toEqual([]);
  });

  it('a new contact on a closed or dormant case is brought to the Customer Relations Team (Cheshire §7)', async () => {
    const w = new Casework(api, 'cheshire-west-and-chester');
    const ids = await w.openCase('officer', 'Dora Dormant');
    type Notices = { myNotifications: { edges: { node: { kind: string; caseId: string } }[] } };
    await w.logContact('officer', ids, 'telephone', ['high-volume'], 'low');
    const open = await w.ok<Notices>('customer-relations-team', NOTICES, {});
    expect(open.myNotifications.edges.filter((e) => e.node.caseId === ids.caseId)).toEqual([]);

    // The case reached 'dormant' (§7) — set directly: closing it takes a whole stage-1 walk.
    await api.owner.query(
      `update managed_case set status = 'dormant', stage = 'dormant', dormant_at = now() where id = $1`,
      [ids.caseId],
    );
    api.clock.set(new Date('2026-03-01T09:00:00Z'));
    await w.logContact('officer', ids, 'email', [], 'low');
    const told = await w.ok<Notices>('customer-relations-team', NOTICES, {});
    expect(told.myNotifications.edges.filter((e) => e.node.caseId === ids.caseId)).toEqual([
      { node: expect.objectContaining({ kind: 'contact-while-inactive', caseId: ids.caseId }) },
    ]);
  });
});
