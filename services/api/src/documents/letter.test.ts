import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { readFileSync } from 'node:fs';
import request from 'supertest';
import { TENANTS_DIR } from '../tenancy/apply-tenants';
import { Casework } from '@conduct/api/testing/proposals/casework.testkit';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { renderPdf } from './pdf';
import {
  artifactDir,
  pagesToPng,
  popplerInfo,
  popplerText,
} from '@conduct/api/testing/documents/poppler';

const run = promisify(execFile);

/** Names of the files attached to a PDF (poppler's pdfdetach). */
async function attachments(pdf: Buffer): Promise<string> {
  const dir = await mkdtemp(path.join(tmpdir(), 'conduct-att-'));
  try {
    await writeFile(path.join(dir, 'a.pdf'), pdf);
    return (await run('pdfdetach', ['-list', path.join(dir, 'a.pdf')])).stdout;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

const UPLOAD = `mutation($input: UploadPolicyDocumentInput!) {
  uploadPolicyDocument(input: $input) { title filename bytes sha256 }
}`;
const PREVIEW = `query($id: ID!) {
  proposal(id: $id) { letterPreview { templateKey title signatoryRole enclosesPolicy sections { key heading text } } }
}`;

describe('a letter a council can post', () => {
  let api: TestApi;
  let cw: Casework;
  const get = (p: string, token?: string) => {
    const req = request(api.server.app)
      .get(p)
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
    api = await startTestApi();
    cw = new Casework(api, 'maidstone');
  });
  afterAll(() => api.close());

  it('the policy upload refuses what is not a PDF, naming the field, and writes nothing', async () => {
    const res = await cw.gql('admin', UPLOAD, {
      input: {
        title: 'Policy',
        filename: 'policy.pdf',
        contentBase64: Buffer.from('hello').toString('base64'),
      },
    });
    expect(res.errors?.[0]?.extensions).toMatchObject({
      code: 'BAD_USER_INPUT',
      field: 'input.contentBase64',
    });
    const rows = (await api.owner.query('select count(*)::int as n from policy_document')) as {
      n: number;
    }[];
    expect(rows[0]!.n).toBe(0);
    const byStaff = await cw.gql('head-of-policy', UPLOAD, {
      input: { title: 'x', filename: 'x.pdf', contentBase64: 'JVBERi0=' },
    });
    expect(byStaff.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
  });

  it('previews the draft before the decision, then posts it with addressee, sign-off and the policy enclosed', async () => {
    // The tenant admin uploads the published policy once.
    const policyPdf = await renderPdf(
      {
        letterhead: { name: 'Maidstone Borough Council', address: null, logo: null },
        title: 'Unreasonable and Unreasonably Persistent Customer Contact Policy',
        blocks: [{ kind: 'paragraph', text: 'The policy as published.' }],
      },
      api.clock.now(),
    );
    const uploaded = await cw.ok<{ uploadPolicyDocument: { bytes: number } }>('admin', UPLOAD, {
      input: {
        title: 'Unreasonable Customer Contact Policy',
        filename: 'maidstone-contact-policy.pdf',
        contentBase64: policyPdf.toString('base64'),
      },
    });
    expect(uploaded.uploadPolicyDocument.bytes).toBe(policyPdf.length);

    const customer = await cw.ok<{ createCustomer: { id: string } }>(
      'officer',
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      {
        input: {
          fullName: 'Łukasz Wójcik',
          address: '12 Ffordd y Llŷn, Maidstone, ME14 1XX',
        },
      },
    );
    const customerId = customer.createCustomer.id;
    const opened = await cw.ok<{ openCase: { id: string } }>(
      'officer',
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
      { input: { customerId } },
    );
    const ids = { customerId, caseId: opened.openCase.id };
    const contact = await cw.logContact('officer', ids, 'telephone', ['repeat-enquiries']);
    const warn = await cw.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'you have raised the same enquiry forty times this month.',
      evidenceContactIds: [contact],
    });
    const warned = await cw.approve('head-of-policy', warn);
    // §6.2: the conduct continued after the warning (sent), and the Head of Policy
    // is satisfied of the checks for this decision.
    cw.later();
    const since = await cw.continued(ids, {
      letterId: warned.letter?.id,
      conduct: { channel: 'telephone', categories: ['repeat-enquiries'] },
      attest: {
        by: 'head-of-policy',
        checks: [
          'investigated-properly',
          'communications-adequate',
          'no-significant-new-information',
          'clear-evidence-base',
        ],
      },
    });
    const apply = await cw.propose('head-of-service', {
      caseId: ids.caseId,
      toStage: 'policy-applied',
      rationale: 'the repeated enquiries continued after our warning.',
      evidenceContactIds: [contact, since],
      restrictions: [
        { type: 'single-point-of-contact', parameters: [{ name: 'officer', text: 'Jo Smith' }] },
      ],
    });

    // London §7 / Maidstone §6.1: the decider reads the draft before deciding.
    const preview = await cw.ok<{
      proposal: {
        letterPreview: {
          templateKey: string;
          signatoryRole: string;
          enclosesPolicy: boolean;
          sections: { key: string; text: string }[];
        };
      };
    }>('head-of-policy', PREVIEW, { id: apply });
    expect(preview.proposal.letterPreview).toMatchObject({
      templateKey: 'policy-applied-letter',
      signatoryRole: 'Head of Policy, Communications and Governance',
      enclosesPolicy: true,
    });
    const head = await cw.as('head-of-policy');
    const draft = await get(`/documents/proposals/${apply}/letter-preview.pdf`, head);
    expect(draft.status).toBe(200);
    const draftText = await popplerText(draft.body as Buffer);
    expect(draftText).toContain('DRAFT for decision');
    expect(draftText).toContain('Jo Smith');

    const applied = await cw.approve('head-of-policy', apply);
    const res = await get(`/documents/letters/${applied.letter!.id}.pdf`, head);
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    const text = (await popplerText(pdf)).replace(/\s+/g, ' ');
    expect(text).toContain('PRIVATE AND CONFIDENTIAL');
    // The addressee block: name and the postal address on file, line by line.
    expect(text).toContain('Łukasz Wójcik 12 Ffordd y Llŷn Maidstone ME14 1XX');
    expect(text).toMatch(/Our reference: \S+/);
    // The salutation stands above the body, once; the first section no longer opens with it.
    expect(text.match(/Dear Łukasz Wójcik,/g)).toHaveLength(1);
    expect(text).toContain('Why the decision has been taken The Head of Policy');
    // Sign-off: the decider's name and the role they decided in.
    expect(text).toContain(
      'Yours sincerely Head of Policy, Communications and Governance (demo) Head of Policy, Communications and Governance Maidstone Borough Council',
    );
    expect(text).toContain(
      'Enclosure • Unreasonable Customer Contact Policy (attached to this letter as maidstone-contact-policy.pdf)',
    );
    expect(await attachments(pdf)).toContain('maidstone-contact-policy.pdf');
    const info = await popplerInfo(pdf);
    expect(info.Tagged).toBe('yes');
    expect(info.Title).toBe(
      'Applying the Unreasonable and Unreasonably Persistent Customer Contact Policy',
    );

    const out = await artifactDir();
    await pagesToPng(pdf, out, 'letter', 2);
    await pagesToPng(draft.body as Buffer, out, 'letter-preview', 1);
  });

  it('uses the template’s own salutation and lists every enclosure it names', async () => {
    // A council gives its warning letter a salutation and two enclosures, and activates the version.
    const yaml = readFileSync(path.join(TENANTS_DIR, 'maidstone', 'policy.yaml'), 'utf8').replace(
      "  warning-letter:\n    title: Your contact with the Council\n    clause: '§6.3'\n",
      "  warning-letter:\n    title: Your contact with the Council\n    clause: '§6.3'\n" +
        "    salutation: 'Dear {{customerName}}'\n" +
        "    enclosures: [{ policyDocument: true }, { title: 'Leaflet: sources of support and advice' }]\n",
    );
    const draft = await cw.ok<{ createPolicyDraft: { id: string } }>(
      'admin',
      `mutation($i: PolicyDraftInput!) { createPolicyDraft(input: $i) { id } }`,
      { i: { text: yaml } },
    );
    await cw.ok('admin', `mutation($id: ID!) { activatePolicyVersion(id: $id) { id } }`, {
      id: draft.createPolicyDraft.id,
    });
    const policyPdf = await renderPdf(
      {
        letterhead: { name: 'Maidstone Borough Council', address: null, logo: null },
        title: 'Policy',
        blocks: [{ kind: 'paragraph', text: 'The policy as published.' }],
      },
      api.clock.now(),
    );
    await cw.ok('admin', UPLOAD, {
      input: {
        title: 'Unreasonable Customer Contact Policy',
        filename: 'maidstone-contact-policy.pdf',
        contentBase64: policyPdf.toString('base64'),
      },
    });

    const customer = await cw.ok<{ createCustomer: { id: string } }>(
      'officer',
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: { fullName: 'Siân Ŵyn', address: '3 Stryd y Bont, Maidstone, ME15 6JQ' } },
    );
    const opened = await cw.ok<{ openCase: { id: string } }>(
      'officer',
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
      { input: { customerId: customer.createCustomer.id } },
    );
    const ids = { customerId: customer.createCustomer.id, caseId: opened.openCase.id };
    const contact = await cw.logContact('officer', ids, 'telephone', ['repeat-enquiries']);
    const warn = await cw.propose('manager', {
      caseId: ids.caseId,
      toStage: 'warning',
      rationale: 'you have raised the same enquiry forty times this month.',
      evidenceContactIds: [contact],
    });
    const preview = await cw.ok<{
      proposal: { letterPreview: { enclosesPolicy: boolean; enclosures: string[] } };
    }>(
      'head-of-policy',
      `query($id: ID!) { proposal(id: $id) { letterPreview { enclosesPolicy enclosures } } }`,
      {
        id: warn,
      },
    );
    expect(preview.proposal.letterPreview).toEqual({
      enclosesPolicy: true,
      enclosures: ['policy document', 'Leaflet: sources of support and advice'],
    });
    const warned = await cw.approve('head-of-policy', warn);
    const res = await get(
      `/documents/letters/${warned.letter!.id}.pdf`,
      await cw.as('head-of-policy'),
    );
    expect(res.status).toBe(200);
    const pdf = res.body as Buffer;
    const text = (await popplerText(pdf)).replace(/\s+/g, ' ');
    // The template's salutation (no comma), once; the first section's old greeting is not repeated.
    expect(text).toMatch(/Dear Siân Ŵyn Why we are writing/);
    expect(text).not.toContain('Dear Siân Ŵyn,');
    expect(text).toContain(
      'Enclosures • Unreasonable Customer Contact Policy (attached to this letter as maidstone-contact-policy.pdf) • Leaflet: sources of support and advice',
    );
    expect(await attachments(pdf)).toContain('maidstone-contact-policy.pdf');
    await pagesToPng(pdf, await artifactDir(), 'letter-salutation-enclosures', 2);
  });
});
