import request from 'supertest';
import {
  Appeal,
  AppUser,
  CheckAttestation,
  Contact,
  DerestrictionRequest,
  DisseminationRecord,
  FiledCorrespondence,
  Letter,
  ProposalStep,
  Review,
  withTenant,
} from '@conduct/db';
import { ukDateTime } from '../documents/pdf';
import { pdfText } from '@conduct/api/testing/documents/pdf-text';
import { artifactDir, pagesToPng, popplerText } from '@conduct/api/testing/documents/poppler';
import { seedFrontLine } from '@conduct/api/testing/guidance/front-line.fixture';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';

const NEIGHBOUR = 'Agatha Neighbourly';
const SLUG = 'maidstone';
const at = (s: string) => new Date(s);

const PACK = `query($caseId: ID, $customerId: ID) {
  evidencePack(caseId: $caseId, customerId: $customerId) {
    scope caseReferences pdfPath jsonPath
    events { id at kind title actor lines }
    withheld { category reason occurrences eventIds }
  }
}`;
const MARK = `mutation($input: MarkForRedactionInput!) { markForRedaction(input: $input) { id category } }`;
const SETTINGS = `mutation($input: UpdateFrontLineSettingsInput!) { updateFrontLineSettings(input: $input) { letterheadName redactStaffNames } }`;

interface Pack {
  scope: string;
  pdfPath: string;
  jsonPath: string;
  events: {
    id: string;
    at: string;
    kind: string;
    title: string;
    actor: string | null;
    lines: string[];
  }[];
  withheld: { category: string; reason: string; occurrences: number; eventIds: string[] }[];
}

describe('evidence packs and letters as documents', () => {
  let api: TestApi;
  let head: string;
  let officer: string;
  let admin: string;
  let seeded: Awaited<ReturnType<typeof seedFrontLine>>;
  let letterId: string;
  const expected: { id: string; at: Date }[] = [];

  const get = (path: string, token?: string) => {
    const req = request(api.server.app)
      .get(path)
      .buffer(true)
      .parse((res, cb) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => cb(null, Buffer.concat(chunks)));
      });
    if (token) req.set('authorization', `Bearer ${token}`);
    return req;
  };

  beforeAll(async () => {
    api = await startTestApi({ now: at('2026-02-02T09:00:00Z') });
    head = await api.token(SLUG, 'head-of-policy@maidstone.example');
    officer = await api.token(SLUG, 'officer@maidstone.example');
    admin = await api.token(SLUG, 'admin@maidstone.example');
    const decidedAt = at('2026-01-01T12:00:00Z');
    seeded = await seedFrontLine(api, {
      slug: SLUG,
      fullName: 'Chris Customer',
      email: 'chris@example.org',
      rationale: 'Abusive emails to staff; see the log sheets',
      decidedAt,
      restrictions: [{ type: 'read-and-file', parameters: { officer: 'J. Smith' } }],
    });
    const caseId = seeded.caseId!;
    expected.push(
      { id: `case-opened:${caseId}`, at: at('2026-01-01T11:00:00Z') },
      { id: `proposal:${seeded.proposalId}`, at: at('2026-01-01T11:30:00Z') },
      { id: `decision:${seeded.decisionId}`, at: decidedAt },
      { id: `restriction:${seeded.restrictionIds[0]}`, at: decidedAt },
    );
    await withTenant(api.ds, api.tenants[SLUG]!, async (em) => {
      const users = await em.find(AppUser, { where: { tenantId: em.tenantId } });
      const by = (role: string) => users.find((u) => u.roles.includes(role))!.id;
      const t = em.tenantId;
      const add = async <T extends object>(
        kind: string,
        entity: new () => T,
        row: Partial<T>,
        when: Date,
      ): Promise<string> => {
        const saved = (await em.save(
          em.create(entity, { tenantId: t, ...row } as never),
        )) as unknown as { id: string };
        expected.push({ id: `${kind}:${saved.id}`, at: when });
        return saved.id;
      };
      for (const [when, text] of [
        ['2025-12-20T10:00:00Z', `Shouted at reception; her neighbour ${NEIGHBOUR} was with her`],
        ['2025-12-28T15:00:00Z', 'Twelve emails in one afternoon'],
      ] as const) {
        await add(
          'contact',
          Contact,
          {
            caseId,
            customerId: seeded.customerId,
            occurredAt: at(when),
            channel: 'email',
            behaviourCategories: [],
            severity: 'medium',
            description: text,
            staffAffected: null,
            recordedBy: by('officer'),
            recordedAt: at(when),
          },
          at(when),
        );
      }
      await add(
        'check',
        CheckAttestation,
        {
          caseId,
          checkKey: 'investigated-properly',
          note: 'Complaint closed at stage 2',
          attestedBy: by('manager'),
          attestedAt: at('2026-01-01T11:10:00Z'),
        },
        at('2026-01-01T11:10:00Z'),
      );
      await add(
        'proposal-step',
        ProposalStep,
        {
          proposalId: seeded.proposalId!,
          position: 1,
          step: 'decide',
          action: 'approve',
          role: 'head-of-policy',
          userId: by('head-of-policy'),
          note: 'Proportionate given the abuse',
          actedAt: at('2026-01-01T11:45:00Z'),
        },
        at('2026-01-01T11:45:00Z'),
      );
      letterId = await add(
        'letter',
        Letter,
        {
          caseId,
          decisionId: seeded.decisionId,
          templateKey: 'policy-applied-letter',
          title: 'Managing your contact with the Council',
          body: 'Why\n\nBecause.',
          sections: [
            {
              key: 'why',
              heading: 'Why we are doing this',
              text: 'Your emails to staff were abusive.',
            },
            {
              key: 'what',
              heading: 'What will happen',
              text: 'Your letters will be read by J. Smith and filed.',
            },
            { key: 'how-long', heading: 'How long', text: 'Three months.' },
            {
              key: 'appeal',
              heading: 'How to appeal',
              text: 'Write to the Director of Finance within 28 days.',
            },
          ],
          status: 'sent',
          createdAt: at('2026-01-02T09:00:00Z'),
          sentAt: at('2026-01-02T09:30:00Z'),
          sentBy: by('officer'),
        },
        at('2026-01-02T09:30:00Z'),
      );
      await add(
        'dissemination',
        DisseminationRecord,
        {
          caseId,
          decisionId: seeded.decisionId!,
          audience: 'managers',
          informedAt: at('2026-01-02T10:00:00Z'),
        },
        at('2026-01-02T10:00:00Z'),
      );
      await add(
        'filed-correspondence',
        FiledCorrespondence,
        {
          caseId,
          customerId: seeded.customerId,
          restrictionId: seeded.restrictionIds[0]!,
          channel: 'letter',
          receivedAt: at('2026-01-03T09:00:00Z'),
          summary: `A letter complaining about ${NEIGHBOUR}`,
          loggedBy: by('officer'),
          loggedAt: at('2026-01-03T09:05:00Z'),
          reviewDueAt: at('2026-01-10T09:05:00Z'),
          escalatedTo: [],
        },
        at('2026-01-03T09:00:00Z'),
      );
      await add(
        'review',
        Review,
        {
          caseId,
          decisionId: seeded.decisionId!,
          outcome: 'continue',
          note: 'Behaviour unchanged',
          customerCommentInvited: false,
          reviewedBy: by('head-of-policy'),
          reviewedAt: at('2026-01-04T10:00:00Z'),
          nextReviewDueAt: at('2026-04-04T10:00:00Z'),
        },
        at('2026-01-04T10:00:00Z'),
      );
      const appealId = await add(
        'appeal',
        Appeal,
        {
          caseId,
          decisionId: seeded.decisionId!,
          grounds: 'The restriction is unfair',
          lodgedAt: at('2026-01-05T10:00:00Z'),
          lodgedBy: by('officer'),
          status: 'dismissed',
          decidedBy: by('director-of-finance'),
          decidedAt: at('2026-01-10T10:00:00Z'),
          note: 'Decision was proportionate',
        },
        at('2026-01-05T10:00:00Z'),
      );
      expected.push({ id: `appeal-decided:${appealId}`, at: at('2026-01-10T10:00:00Z') });
      const reqId = await add(
        'derestriction-request',
        DerestrictionRequest,
        {
          caseId,
          restrictionId: seeded.restrictionIds[0]!,
          reason: 'I have changed',
          exceptional: false,
          requestedAt: at('2026-01-15T10:00:00Z'),
          recordedBy: by('officer'),
          status: 'refused',
          decidedBy: by('head-of-policy'),
          decidedAt: at('2026-01-20T10:00:00Z'),
          note: 'Too early',
        },
        at('2026-01-15T10:00:00Z'),
      );
      expected.push({ id: `derestriction-decided:${reqId}`, at: at('2026-01-20T10:00:00Z') });
    });
    expected.sort((a, b) => a.at.getTime() - b.at.getTime());

    const marked = await api.gql(
      MARK,
      {
        input: {
          customerId: seeded.customerId,
          term: NEIGHBOUR,
          category: 'third-party',
          reason: 'A neighbour named in notes: third-party personal data',
        },
      },
      head,
    );
    expect(marked.errors).toBeUndefined();
    const settings = await api.gql(
      SETTINGS,
      {
        input: {
          letterheadName: 'Maidstone Borough Council',
          letterheadAddress: 'Maidstone House, King Street, Maidstone ME15 6JQ',
          redactStaffNames: true,
        },
      },
      admin,
    );
    expect(settings.errors).toBeUndefined();
  });
  afterAll(() => api.close());

  it('lists every event of the case, in order, as JSON', async () => {
    const res = await api.gql<{ evidencePack: Pack }>(PACK, { caseId: seeded.caseId }, head);
    expect(res.errors).toBeUndefined();
    const pack = res.data!.evidencePack;
    expect(pack.events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    const json = await get(pack.jsonPath, head);
    expect(json.status).toBe(200);
    expect(json.headers['content-type']).toMatch(/application\/json/);
    const fromHttp = JSON.parse(json.body.toString('utf8')) as Pack;
    expect(fromHttp.events.map((e) => e.id)).toEqual(expected.map((e) => e.id));
    // Reasons and letters as sent are in it.
    const all = JSON.stringify(fromHttp);
    expect(all).toContain('Abusive emails to staff');
    expect(all).toContain('Proportionate given the abuse');
    expect(all).toContain('Write to the Director of Finance within 28 days.');
  });

  it('withholds a marked name and staff names everywhere, and says what and why', async () => {
    const json = (
      await get(`/documents/evidence-packs/case/${seeded.caseId}.json`, head)
    ).body.toString('utf8');
    const pdf = (await get(`/documents/evidence-packs/case/${seeded.caseId}.pdf`, head))
      .body as Buffer;
    const { text, pages } = await pdfText(pdf);
    for (const doc of [json, text]) {
      expect(doc).not.toContain(NEIGHBOUR);
      expect(doc).not.toContain('Agatha');
      expect(doc).not.toContain('(demo)'); // every demo staff member's display name ends so
      expect(doc).toContain('[withheld]');
    }
    const pack = JSON.parse(json) as Pack;
    const third = pack.withheld.find((w) => w.category === 'third-party')!;
    expect(third.occurrences).toBe(2);
    expect(third.reason).toContain('neighbour');
    expect(pack.withheld.find((w) => w.category === 'staff-name')!.occurrences).toBeGreaterThan(0);
    expect(text).toContain('Withheld from this pack');
    expect(pages).toBeGreaterThanOrEqual(1);
  });

  it('renders the chronology as a paginated PDF in order', async () => {
    const res = await get(`/documents/evidence-packs/customer/${seeded.customerId}.pdf`, head);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text, pages } = await pdfText(res.body as Buffer);
    expect(text).toContain('Maidstone Borough Council');
    expect(text).toContain(`Page 1 of ${pages}`);
    let from = 0;
    for (const e of expected) {
      const i = text.indexOf(ukDateTime(e.at), from);
      expect([e.id, i >= from]).toEqual([e.id, true]);
      from = i + 1;
    }
  });

  it('speaks in the council’s words: role, stage and audience labels, never keys', async () => {
    const pdf = (await get(`/documents/evidence-packs/customer/${seeded.customerId}.pdf`, head))
      .body as Buffer;
    const text = (await popplerText(pdf)).replace(/\s+/g, ' ');
    expect(text).not.toMatch(/\((propose|recommend|decide)\)|\(transition\)/);
    expect(text).not.toMatch(/disseminated to [a-z]+(-[a-z]+)+/);
    expect(text).not.toMatch(/\b(head-of-policy|policy-and-information-team|policy-applied)\b/);
    expect(text).toMatch(/(Proposed|Approved) by the [A-Z]/);
    expect(text).toMatch(/disseminated to [A-Z]/);
    await pagesToPng(pdf, await artifactDir(), 'evidence-pack', 2);
  });

  it('audits each pack with ids only', async () => {
    const rows = (await api.owner.query(
      `select entity_id, payload from audit_event where action = 'evidence-pack.generated'`,
    )) as { entity_id: string; payload: Record<string, unknown> }[];
    expect(rows.length).toBeGreaterThanOrEqual(4);
    expect(JSON.stringify(rows)).not.toMatch(/Agatha|Chris|example\.org/);
  });

  it('refuses packs to roles that may not read case details in full, and to other councils', async () => {
    const asOfficer = await api.gql(PACK, { caseId: seeded.caseId }, officer);
    expect(asOfficer.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    expect((await get(`/documents/evidence-packs/case/${seeded.caseId}.pdf`, officer)).status).toBe(
      403,
    );
    const foreign = await api.token(
      'southampton',
      'complaints-resolution-manager@southampton.example',
    );
    const res = await get(`/documents/evidence-packs/case/${seeded.caseId}.json`, foreign);
    const missing = await get(
      `/documents/evidence-packs/case/00000000-0000-4000-8000-000000000000.json`,
      foreign,
    );
    expect(res.status).toBe(404);
    const shape = (b: Buffer) => {
      const { code, message } = JSON.parse(b.toString('utf8')) as { code: string; message: string };
      return { code, message };
    };
    expect(shape(res.body as Buffer)).toEqual(shape(missing.body as Buffer));
  });

  it('renders a letter as sent on the council’s letterhead, for an authorised user only', async () => {
    const res = await get(`/documents/letters/${letterId}.pdf`, officer);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/pdf');
    const { text } = await pdfText(res.body as Buffer);
    for (const s of [
      'Maidstone Borough Council',
      'Maidstone House, King Street',
      'Managing your contact with the Council',
      'Why we are doing this',
      'How to appeal',
      'Write to the Director of Finance within 28 days.',
      '2 January 2026',
      'Page 1 of 1',
    ])
      expect(text).toContain(s);
    expect(text).not.toContain('DRAFT');
    expect((await get(`/documents/letters/${letterId}.pdf`)).status).toBe(401);
    const foreign = await api.token('southampton', 'officer@southampton.example');
    expect((await get(`/documents/letters/${letterId}.pdf`, foreign)).status).toBe(404);
    const audited = (await api.owner.query(
      `select count(*)::int as n from audit_event where action = 'letter.rendered' and entity_id = $1`,
      [letterId],
    )) as { n: number }[];
    expect(audited[0]!.n).toBe(1);
  });
});
