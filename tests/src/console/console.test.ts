import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { startTestApi, type TestApi } from '@conduct/api/testing/test-api';
import { seedFrontLine } from '@conduct/api/guidance/front-line.fixture';
import { seedRestrictedCase } from '@conduct/api/reviews/restricted-case.fixture';
import { AppUser, PolicyVersion, withTenant } from '@conduct/db';
import { runBenchmarkSnapshot } from '@conduct/worker';
import { seedBenchmarkCases } from '@conduct/testing';
import {
  ARTIFACTS,
  checkPage,
  eventually,
  focusIsVisible,
  launchChromium,
  layoutShiftOnLoad,
  signIn,
  tabTo,
} from './browser';

/**
 * The staff console in a real headless Chromium against the real API (same
 * origin, /console), signed in through the console's development sign-in:
 * council journeys end to end, with axe and a 320 px check on every page.
 */
// A browser journey on a shared 2-core machine: minutes are possible, not hangs (steps time out at 15 s).
jest.setTimeout(150_000);

describe('the staff console', () => {
  let api: TestApi;
  let browser: Browser;
  let base: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestApi({ now: new Date() }), launchChromium()]);
    const address = api.server.httpServer.address();
    base = `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`;
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });
  beforeEach(() => api.clock.set(new Date()));

  /** A step through the API, for set-up the test is not about. */
  async function gql<T>(
    tenant: string,
    who: string,
    query: string,
    variables: Record<string, unknown>,
  ): Promise<T> {
    const res = await api.gql<T>(
      query,
      variables,
      await api.token(tenant, `${who}@${tenant}.example`),
    );
    expect(res.errors).toBeUndefined();
    return res.data!;
  }

  /** One signed-in browser session per member of staff for the whole file (signing in is not what most tests are about). */
  const sessions = new Map<string, Promise<Page>>();
  function as(tenant: string, who: string): Promise<Page> {
    const key = `${who}@${tenant}.example`;
    if (!sessions.has(key)) sessions.set(key, signIn(browser, base, tenant, key));
    return sessions.get(key)!;
  }

  async function frontLine(page: Page): Promise<void> {
    await page.goto(`${base}/console/`);
    await page.getByRole('heading', { name: 'Who is contacting us?' }).waitFor();
  }

  async function openCasePage(page: Page, caseId: string): Promise<void> {
    await page.goto(`${base}/console/cases/${caseId}`);
    await page.getByRole('heading', { name: 'What can be done next' }).waitFor();
  }

  it('Maidstone: a warning from first contact to the approved letter’s PDF', async () => {
    // The first sign-in of the file: choose the council and a demo user, land on the front line.
    const officer = await as('maidstone', 'officer');
    await checkPage(officer, 'sign-in-then-front-line');
    // Who is calling? Nobody known yet: record them and open a case.
    await officer.getByLabel('How are they contacting us?').selectOption('telephone');
    await officer
      .getByLabel('Name, email, phone number or reference')
      .fill('Robin Browser-Example');
    await officer.getByRole('button', { name: 'Find' }).click();
    await officer.getByRole('heading', { name: 'No customer found' }).waitFor();
    await officer.getByText('Record a new customer and open a case').click();
    await officer.getByLabel('Full name').fill('Robin Browser-Example');
    await officer.getByRole('button', { name: 'Record customer and open case' }).click();
    await officer.getByRole('heading', { name: 'What can be done next' }).waitFor();
    const caseId = officer.url().split('/').pop()!;
    // Log the contact in one step.
    await officer.getByText('Log this contact').click();
    await officer.getByLabel('Repeat enquiries or trivial new information').check();
    await officer.getByLabel('How serious').selectOption('high');
    await officer
      .getByLabel('What was said or done')
      .fill('Fortieth call this month about the same enquiry.');
    await officer.getByRole('button', { name: 'Log contact' }).click();
    await officer.getByText('Contact logged.').waitFor();
    await officer
      .getByRole('heading', { name: /^Contact by / })
      .first()
      .waitFor();
    await checkPage(officer, 'case-new');

    // The Manager proposes the warning; the officer cannot.
    const manager = await as('maidstone', 'manager');
    await openCasePage(manager, caseId);
    await manager.getByText('Propose: Warn the customer').click();
    await manager
      .getByLabel('Reasons')
      .fill('you have raised the same enquiry forty times this month.');
    await manager.getByRole('button', { name: 'Send the proposal' }).click();
    await manager.getByTestId('open-proposal').waitFor();
    await checkPage(manager, 'case-proposal');

    // The Head of Policy decides; the letter is drafted.
    const head = await as('maidstone', 'head-of-policy');
    await openCasePage(head, caseId);
    await head
      .getByLabel('Your reasons for this step')
      .fill('Satisfied that a warning is needed (§6.3).');
    await head.getByRole('button', { name: 'Approve' }).click();
    await head.locator('#letters-heading').waitFor();
    await head
      .getByRole('heading', { name: /^Your contact with the Council/, level: 3 })
      .first()
      .waitFor();
    await head.getByText('Preview the letter').click();
    await head.getByText('Dear Robin Browser-Example').waitFor();
    await checkPage(head, 'case-decided-letter');

    const [download] = await Promise.all([
      head.waitForEvent('download'),
      head.getByRole('button', { name: 'Download the letter (PDF)' }).click(),
    ]);
    const pdf = join(ARTIFACTS, 'maidstone-warning-letter.pdf');
    await download.saveAs(pdf);
    expect(readFileSync(pdf).subarray(0, 5).toString()).toBe('%PDF-');
    const text = execFileSync('pdftotext', [pdf, '-']).toString();
    expect(text).toContain('Robin Browser-Example');
    // pdftotext wraps lines as the layout falls: compare with whitespace collapsed.
    expect(text.replace(/\s+/g, ' ')).toContain('forty times this month');

    // Marked sent: how and when. A date still to come is refused at its field; then by post, today.
    const day = (d: Date) =>
      `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;
    const sentOn = head.getByLabel('Date sent', { exact: true });
    expect(await sentOn.inputValue()).toBe(day(new Date()));
    // The channels come from the council's policy through the API, its usual one (post) ticked.
    const how = head.locator('fieldset', { hasText: 'How was it sent?' });
    expect(await how.locator('.govuk-checkboxes__label').allInnerTexts()).toEqual([
      'Post',
      'Recorded delivery',
      'Email',
      'By hand',
    ]);
    const post = how.getByLabel('Post', { exact: true });
    expect(await post.isChecked()).toBe(true);
    expect(await how.locator('.govuk-checkboxes__hint').allInnerTexts()).toEqual([
      'Usual for this council',
    ]);
    // None ticked: the API's refusal at the channels.
    await post.uncheck();
    await head.getByRole('button', { name: 'Mark as sent' }).click();
    await head.locator('[id^="sent-"][id$="-channels-error"]').waitFor();
    await post.check();
    await sentOn.fill(day(new Date(Date.now() + 2 * 86_400_000)));
    await head.getByRole('button', { name: 'Mark as sent' }).click();
    const dateError = head.locator('[id^="sent-"][id$="-date-error"]');
    await dateError.waitFor();
    expect(await sentOn.getAttribute('aria-describedby')).toContain(
      await dateError.getAttribute('id'),
    );
    expect(await head.locator('.govuk-error-summary a').first().getAttribute('href')).toBe(
      `#${await sentOn.getAttribute('id')}`,
    );
    await sentOn.fill(day(new Date()));
    await head.getByRole('button', { name: 'Mark as sent' }).click();
    await head.getByText(/^Sent .*\(Post\)$/).waitFor();
    const sent = await gql<{ case: { letters: { channels: string[]; sentAt: string }[] } }>(
      'maidstone',
      'officer',
      `query($id: ID!) { case(id: $id) { letters { channels sentAt } } }`,
      { id: caseId },
    );
    expect(sent.case.letters[0]!.channels).toEqual(['POST']);
    expect(day(new Date(sent.case.letters[0]!.sentAt))).toBe(day(new Date()));
  });

  it('a refused form shows the API’s message at its field, linked from the error summary', async () => {
    const officer = await as('maidstone', 'officer');
    await officer.goto(`${base}/console/`);
    await officer.getByText('Record a new customer and open a case').click();
    await officer.getByLabel('Full name').fill('Jo Form-Example');
    await officer.getByLabel('Email (optional)').fill('not an email');
    await officer.getByRole('button', { name: 'Record customer and open case' }).click();
    const summary = officer.locator('.govuk-error-summary');
    await summary.waitFor();
    // The summary links to the field the API named; the message sits beside it and is announced with it.
    const link = summary.getByRole('link', { name: /email/i });
    expect(await link.getAttribute('href')).toBe('#new-email');
    const message = officer.locator('#new-email-error');
    expect(await message.innerText()).toMatch(/email/i);
    expect(await officer.locator('#new-email').getAttribute('aria-describedby')).toContain(
      'new-email-error',
    );
    await link.click();
    expect(await officer.evaluate('document.activeElement && document.activeElement.id')).toBe(
      'new-email',
    );
    await checkPage(officer, 'form-error-at-field');
  });

  it('London: a restriction refused to an Assistant Director and decided by the Chief Executive', async () => {
    const t = 'london-borough';
    const { createCustomer } = await gql<{ createCustomer: { id: string } }>(
      t,
      'officer',
      `mutation($i: CreateCustomerInput!) { createCustomer(input: $i) { id } }`,
      {
        i: { fullName: 'Sam Browser-Example' },
      },
    );
    const { openCase } = await gql<{ openCase: { id: string } }>(
      t,
      'officer',
      `mutation($i: OpenCaseInput!) { openCase(input: $i) { id } }`,
      {
        i: { customerId: createCustomer.id },
      },
    );
    const caseId = openCase.id;
    const logContact = (occurredAt: Date) =>
      gql<{ logContact: { id: string } }>(
        t,
        'officer',
        `mutation($i: LogContactInput!) { logContact(input: $i) { id } }`,
        {
          i: {
            customerId: createCustomer.id,
            caseId,
            channel: 'telephone',
            occurredAt: occurredAt.toISOString(),
            severity: 'high',
            behaviourCategories: ['abuse-of-staff'],
          },
        },
      );
    const first = await logContact(new Date(Date.now() - 3_600_000));
    const attest = (who: string, ...keys: string[]) =>
      Promise.all(
        keys.map((checkKey) =>
          gql(t, who, `mutation($i: AttestCheckInput!) { attestCheck(input: $i) { checkKey } }`, {
            i: { caseId, checkKey, note: 'Considered.' },
          }),
        ),
      );
    // §6: the decider (the Director or Assistant Director) confirms having seen sufficient examples;
    // an attestation counts for the next decision only.
    await attest('officer', 'safeguarding-considered');
    await attest('director', 'sufficient-examples-seen');
    const { proposeTransition } = await gql<{ proposeTransition: { id: string } }>(
      t,
      'officer',
      `mutation($i: ProposeTransitionInput!) { proposeTransition(input: $i) { id } }`,
      {
        i: {
          caseId,
          toStage: 'warning',
          rationale: 'you have repeatedly been abusive to staff on the telephone.',
          evidenceContactIds: [first.logContact.id],
        },
      },
    );
    const { actOnProposal } = await gql<{
      actOnProposal: { outcome: { letter: { id: string } | null } | null };
    }>(
      t,
      'director',
      `mutation($i: ActOnProposalInput!) { actOnProposal(input: $i) { proposal { id } outcome { letter { id } } } }`,
      {
        i: {
          proposalId: proposeTransition.id,
          action: 'APPROVE',
          note: 'Warning issued.',
          expectedCaseVersion: (
            await gql<{ case: { version: number } }>(
              t,
              'director',
              `query($id: ID!) { case(id: $id) { version } }`,
              { id: caseId },
            )
          ).case.version,
        },
      },
    );
    // §7: the warning letter was sent and the conduct continued after the warning.
    await gql(t, 'officer', `mutation($id: ID!) { markLetterSent(letterId: $id) { id } }`, {
      id: actOnProposal.outcome!.letter!.id,
    });
    const later = new Date(Date.now() + 60_000);
    api.clock.set(later);
    await logContact(later);
    await attest(
      'officer',
      'safeguarding-considered',
      'existing-support-contacted',
      'complaint-properly-handled',
      'alternatives-tried',
    );
    await attest('assistant-director', 'sufficient-examples-seen');

    // The Assistant Director refers the case to the Chief Executive, with a measure from the catalogue.
    const ad = await as(t, 'assistant-director');
    await openCasePage(ad, caseId);
    const refer = ad.locator('.govuk-summary-card', {
      hasText: 'Refer to the Chief Executive for restriction',
    });
    await refer.getByText('Propose: Refer to the Chief Executive for restriction').click();
    await refer.getByLabel('Reasons').fill('the abusive calls continued after the warning.');
    await refer.getByLabel('Contact only through one email address').check();
    await refer.getByLabel('Email address or telephone number').fill('contact@council.example');
    await refer.getByLabel('For how many months').fill('12');
    await refer.getByRole('button', { name: 'Send the proposal' }).click();
    await ad.getByTestId('open-proposal').waitFor();
    // §7: the Director of Corporate Services is consulted before the decision.
    const consult = ad
      .locator('.govuk-summary-card', { hasText: 'Record the consultation' })
      .last();
    // The Assistant Director was not consulted: he picks who was from the council's staff
    // holding the role (sent by id), and says what they advised.
    await consult.getByLabel('Director of Corporate Services (demo)').check();
    await consult
      .getByLabel('What they advised')
      .fill('Aware of the referral; no objection to restricting contact to one email address.');
    await consult.getByRole('button', { name: 'Record the consultation' }).click();
    await ad
      .getByRole('button', { name: 'Record the consultation' })
      .waitFor({ state: 'detached' });
    const { case: consulted } = await gql<{
      case: { openProposal: { consultations: { consultee: string }[] } };
    }>(
      t,
      'chief-executive',
      `query($id: ID!) { case(id: $id) { openProposal { consultations { consultee } } } }`,
      { id: caseId },
    );
    expect(consulted.openProposal.consultations).toEqual([
      { consultee: 'director-of-corporate-services' },
    ]);
    const { case: byId } = await gql<{ case: { consultations: { consultedUserId: string }[] } }>(
      t,
      'chief-executive',
      `query($id: ID!) { case(id: $id) { consultations { consultedUserId } } }`,
      { id: caseId },
    );
    const [dcs] = await withTenant(api.ds, api.tenants[t]!, (em) =>
      em.find(AppUser, {
        where: { tenantId: em.tenantId, email: `director-of-corporate-services@${t}.example` },
      }),
    );
    expect(byId.consultations.map((x) => x.consultedUserId)).toEqual([dcs!.id]);
    // The Assistant Director may not decide: the engine's reasons, in plain words.
    await ad.getByLabel('Your reasons for this step').fill('I would like to decide this myself.');
    await ad.getByRole('button', { name: 'Approve' }).click();
    const refusal = ad.getByTestId('open-proposal').getByRole('alert');
    await refusal.waitFor();
    expect(await refusal.innerText()).toMatch(
      /Chief Executive|chief-executive|not allowed|may not|cannot/i,
    );
    await checkPage(ad, 'case-refused-to-assistant-director');

    const ce = await as(t, 'chief-executive');
    await openCasePage(ce, caseId);
    await ce.getByLabel('Your reasons for this step').fill('Restriction for twelve months (§7).');
    await ce.getByRole('button', { name: 'Approve' }).click();
    await ce.getByRole('heading', { name: 'Restrictions' }).waitFor();
    await ce.getByRole('cell', { name: /contact@council\.example/ }).waitFor();
    await checkPage(ce, 'case-restricted-by-chief-executive');
  });

  it('Welwyn Hatfield: the front-line instruction on a Wednesday, then on a Tuesday', async () => {
    await seedFrontLine(api, {
      slug: 'welwyn-hatfield',
      fullName: 'Alex Browser-Example',
      phone: '07700 900555',
      // In force since before both days the test asks about.
      decidedAt: new Date('2025-12-01T09:00:00Z'),
      restrictions: [
        {
          type: 'call-days-times',
          parameters: { days: ['tuesday'], times: { from: '10:00', to: '12:00' } },
        },
      ],
    });
    const officer = await as('welwyn-hatfield', 'officer');
    await frontLine(officer);
    const ask = async () => {
      await officer.getByLabel('How are they contacting us?').selectOption('telephone');
      await officer
        .getByLabel('Name, email, phone number or reference')
        .fill('Alex Browser-Example');
      await officer.getByRole('button', { name: 'Find' }).click();
      const instruction = officer.getByTestId('instruction').first();
      await instruction.waitFor();
      return instruction.innerText();
    };
    // Wednesday 7 January 2026, 10:30 in London: not a day for calls.
    api.clock.set(new Date('2026-01-07T10:30:00Z'));
    const wednesday = await ask();
    expect(wednesday).toMatch(/Tuesday/i);
    await expect(officer.getByTestId('new-matters').first().innerText()).resolves.toContain(
      'New matters are always accepted',
    );
    await checkPage(officer, 'front-line-wednesday');
    // Tuesday 6 January 2026, 10:30: within the window.
    api.clock.set(new Date('2026-01-06T10:30:00Z'));
    const tuesday = await ask();
    expect(tuesday).not.toEqual(wednesday);
    await checkPage(officer, 'front-line-tuesday');
    writeFileSync(
      join(ARTIFACTS, 'welwyn-hatfield-instructions.txt'),
      `Wednesday:\n${wednesday}\n\nTuesday:\n${tuesday}\n`,
    );
  });

  it('Maidstone tenant admin: a broken policy draft shows the checker’s message at its line', async () => {
    const admin = await as('maidstone', 'admin');
    await admin.getByRole('link', { name: 'Tenant admin', exact: true }).click();
    await admin.getByRole('heading', { name: 'Policy versions' }).waitFor();
    await admin.getByRole('button', { name: 'Start a draft from the active policy' }).click();
    const editor = admin.getByLabel('Policy text (YAML)');
    await editor.waitFor();
    const text = await editor.inputValue();
    const lines = text.split('\n');
    const broken = lines.findIndex((l) => l.startsWith('initialStage:'));
    lines[broken] = 'initialStage: nowhere';
    await editor.fill(lines.join('\n'));
    await admin.getByRole('button', { name: 'Save and check' }).click();
    const message = admin.getByTestId(`message-line-${broken + 1}`);
    await message.waitFor();
    expect(await message.innerText()).toMatch(/initialStage/);
    await checkPage(admin, 'admin-policy-draft-broken');
  });

  /** A Maidstone case already at "Policy applied" (the decision appealable to the Director of Finance). */
  const seedMaidstonePolicyApplied = (fullName: string, type: string, parameters: object) =>
    seedRestrictedCase(api, {
      slug: 'maidstone',
      openedBy: 'officer@maidstone.example',
      fullName,
      stage: 'policy-applied',
      transitionKey: 'apply-policy',
      fromStage: 'warning',
      decidedAt: new Date(Date.now() - 20 * 86_400_000),
      participants: [
        { email: 'manager@maidstone.example', role: 'manager', step: 'propose' },
        { email: 'head-of-policy@maidstone.example', role: 'head-of-policy', step: 'decide' },
      ],
      restrictions: [
        {
          type,
          parameters: parameters as Record<string, unknown>,
          endsAt: new Date(Date.now() + 70 * 86_400_000),
        },
      ],
      reviewDueAt: new Date(Date.now() + 70 * 86_400_000),
    });

  it('London: a review from the policy’s outcomes, a stale view refused, and a request to lift decided', async () => {
    const t = 'london-borough';
    api.clock.set(new Date('2026-01-05T09:00:00Z'));
    const seeded = await seedRestrictedCase(api, {
      slug: t,
      openedBy: `officer@${t}.example`,
      fullName: 'Kim Review-Example',
      stage: 'restriction',
      transitionKey: 'restrict',
      fromStage: 'warning',
      decidedAt: new Date('2026-01-05T09:00:00Z'),
      participants: [
        { email: `director@${t}.example`, role: 'director', step: 'propose' },
        { email: `chief-executive@${t}.example`, role: 'chief-executive', step: 'decide' },
      ],
      restrictions: [
        { type: 'building-ban', parameters: { buildings: 'Civic Centre' }, endsAt: null },
      ],
      reviewDueAt: new Date('2027-01-05T09:00:00Z'),
    });
    // §9: an indefinite restriction is reviewed a year on, and may be asked to be lifted after a year.
    api.clock.set(new Date('2027-02-01T10:00:00Z'));
    const ce = await as(t, 'chief-executive');
    await openCasePage(ce, seeded.caseId);
    const review = ce.locator('section', { has: ce.locator('#review-heading') });
    // The outcomes are London's review outcomes, in its words; the letter each writes is named.
    const outcomes = await review.locator('.govuk-radios__label').allInnerTexts();
    expect(outcomes).toEqual([
      'Continue unchanged',
      'Vary the measures',
      'Extend the period',
      'Escalate to Additional action',
      'Lift every restriction',
    ]);
    await review.getByRole('button', { name: 'Record the review' }).click();
    // Nothing chosen: the API's refusal, in plain words, at the outcome.
    await review.locator('#review-outcome-error').waitFor();
    await review.getByLabel('Continue unchanged').check();
    await review.getByTestId('review-letter').waitFor();
    await review
      .getByLabel('Reasons')
      .fill('The behaviour has not changed; arrangements continue (§9).');
    await review.getByRole('button', { name: 'Record the review' }).click();
    await review.getByText('Review recorded').waitFor();
    await ce.getByRole('heading', { name: /^Review: continue/i }).waitFor();
    await checkPage(ce, 'case-review-recorded');

    // Someone else reviews meanwhile: this page's view is stale, and the API refuses it.
    const { case: now } = await gql<{ case: { version: number } }>(
      t,
      'chief-executive',
      `query($id: ID!) { case(id: $id) { version } }`,
      { id: seeded.caseId },
    );
    await gql(
      t,
      'head-of-customer-engagement',
      `mutation($i: RecordReviewInput!) { recordReview(input: $i) { review { id } } }`,
      {
        i: {
          caseId: seeded.caseId,
          outcome: 'CONTINUE',
          note: 'Reviewed by the Head of Customer Engagement.',
          expectedCaseVersion: now.version,
        },
      },
    );
    await review.getByLabel('Continue unchanged').check();
    await review.getByLabel('Reasons').fill('A second look.');
    await review.getByRole('button', { name: 'Record the review' }).click();
    const stale = review.locator('.govuk-error-summary');
    await stale.waitFor();
    expect(await stale.innerText()).toMatch(/changed since you looked at it/);
    await openCasePage(ce, seeded.caseId);

    // The customer asks for the ban to be lifted; the Chief Executive refuses it.
    const lift = ce.locator('section', { has: ce.locator('#derestriction-heading') });
    await lift.getByText('Record a request to lift a restriction').click();
    await lift
      .getByLabel('What the customer asks, and why')
      .fill('Wants to visit the Civic Centre library again.');
    await lift.getByRole('button', { name: 'Record the request' }).click();
    const request = lift.locator('.govuk-summary-card', { hasText: 'Request to lift' });
    await request.getByText('pending').waitFor();
    // §9: the Chief Executive consults "such staff as he considers appropriate": deciding before
    // any consultation is recorded is refused, in plain words.
    await request.getByLabel('Refuse: the restriction stays').check();
    await request.getByLabel('Reasons').fill('The conduct continued this month.');
    await request.getByRole('button', { name: 'Decide the request' }).click();
    const unconsulted = request.locator('.govuk-error-summary');
    await unconsulted.waitFor();
    expect(await unconsulted.innerText()).toMatch(/consultation/i);
    // He records a consultation with someone else without saying who: refused at that field.
    const consult = request.getByTestId(/-consultation$/);
    await consult
      .getByLabel('Role of the person consulted')
      .selectOption({ label: 'Head of the Customer Engagement & Complaints Service' });
    await consult.getByLabel('What they advised').fill('Two incidents at the library this month.');
    await consult.getByRole('button', { name: 'Record the consultation' }).click();
    await consult.locator('[id$="-consultation-person-error"]').waitFor();
    // The staff list offers the role's holder; the person consulted here does not use Conduct.
    await consult
      .getByLabel('Head of the Customer Engagement & Complaints Service (demo)')
      .waitFor();
    await consult.getByLabel('Someone who does not use Conduct').check();
    await consult.getByLabel('Name of the person consulted').fill('Sam Engagement-Example');
    await consult.getByRole('button', { name: 'Record the consultation' }).click();
    await consult.getByText(/Sam Engagement-Example \(Head of the Customer Engagement/).waitFor();
    await request.getByLabel('Refuse: the restriction stays').check();
    await request.getByLabel('Reasons').fill('The conduct continued this month.');
    await request.getByRole('button', { name: 'Decide the request' }).click();
    await request.getByText('pending').waitFor({ state: 'detached' });
    await checkPage(ce, 'case-derestriction-decided');
  });

  it('Maidstone: an appeal lodged and decided, a protected characteristic and a redaction recorded', async () => {
    const seeded = await seedMaidstonePolicyApplied('Lee Appeal-Example', 'single-channel', {
      channel: 'email',
    });
    const officer = await as('maidstone', 'officer');
    await openCasePage(officer, seeded.caseId);
    const appeals = officer.locator('section', { has: officer.locator('#appeals-heading') });
    await appeals.getByText('Lodge an appeal').click();
    await appeals
      .getByLabel('The customer’s grounds')
      .fill('I was not told which calls were the problem.');
    await appeals.getByRole('button', { name: 'Lodge the appeal' }).click();
    await appeals.getByText('lodged', { exact: true }).waitFor();
    // An equality reader (Maidstone: its safeguarding readers) does not see the characteristics section: the officer is not one.
    expect(await officer.locator('#characteristics-heading').count()).toBe(0);

    // §8: the Director of Finance hears the appeal.
    const director = await as('maidstone', 'director-of-finance');
    await openCasePage(director, seeded.caseId);
    const card = director.locator('#appeals-heading ~ .govuk-summary-card').first();
    await card.getByLabel('Dismissed: the decision stands').check();
    await card
      .getByLabel('Reasons for the appeal decision')
      .fill('The calls are listed in the letter; the decision stands.');
    await card.getByRole('button', { name: 'Decide the appeal' }).click();
    await card.getByText('lodged', { exact: true }).waitFor({ state: 'detached' });

    const equality = director.locator('section', {
      has: director.locator('#characteristics-heading'),
    });
    await equality.getByLabel('Characteristic').selectOption('AGE');
    await equality.getByLabel('As the customer gave it').fill('35 to 44');
    await equality.getByRole('button', { name: 'Record the characteristic' }).click();
    await equality.getByTestId('characteristics').getByText('Age: 35 to 44').waitFor();

    const redaction = director.locator('section', { has: director.locator('#redaction-heading') });
    await redaction.getByLabel('Text to withhold').fill('Pat Neighbour');
    await redaction.getByLabel('Why').fill('A neighbour named in a contact note.');
    await redaction.getByRole('button', { name: 'Withhold it' }).click();
    await redaction
      .getByTestId('redaction-marks')
      .getByText('“Pat Neighbour”', { exact: false })
      .waitFor();
    await checkPage(director, 'case-appeal-equality-redaction');
  });

  it('Welwyn Hatfield my work: a notification marked read, a filed item confirmed', async () => {
    const t = 'welwyn-hatfield';
    const seeded = await seedFrontLine(api, {
      slug: t,
      fullName: 'Robin Filed-Example',
      restrictions: [
        {
          type: 'no-reply-on-topic',
          parameters: { topic: 'planning application 21/0042', officer: 'J. Smith' },
        },
      ],
    });
    // §5.2: abusive language is notified to the service manager.
    await gql(t, 'officer', `mutation($i: LogContactInput!) { logContact(input: $i) { id } }`, {
      i: {
        customerId: seeded.customerId,
        caseId: seeded.caseId,
        channel: 'telephone',
        occurredAt: new Date(Date.now() - 60_000).toISOString(),
        severity: 'high',
        behaviourCategories: ['abusive-language'],
      },
    });
    await gql(
      t,
      'officer',
      `mutation($i: LogFiledCorrespondenceInput!) { logFiledCorrespondence(input: $i) { id } }`,
      {
        i: {
          customerId: seeded.customerId,
          channel: 'email',
          receivedAt: new Date(Date.now() - 60_000).toISOString(),
          summary: 'Another email about 21/0042',
        },
      },
    );
    const manager = await as(t, 'service-manager');
    await manager.getByRole('link', { name: 'My work', exact: true }).click();
    const notices = manager.getByTestId('notifications');
    await notices
      .getByRole('button', { name: /^Mark as read/ })
      .first()
      .waitFor();
    const unread = await notices.getByRole('button', { name: /^Mark as read/ }).count();
    await notices
      .getByRole('button', { name: /^Mark as read/ })
      .first()
      .click();
    await eventually(
      () => notices.getByRole('button', { name: /^Mark as read/ }).count(),
      (n) => n === unread - 1,
    );
    await checkPage(manager, 'my-work-notification-read');

    const officer = await as(t, 'officer');
    await officer.getByRole('link', { name: 'My work', exact: true }).click();
    const item = officer
      .getByTestId('filed-item')
      .filter({ hasText: 'Another email about 21/0042' })
      .first();
    await item.getByLabel('Nothing new: it stays filed without reply').check();
    await item.getByRole('button', { name: 'Confirm' }).click();
    await item.waitFor({ state: 'detached' });
    await checkPage(officer, 'my-work-filed-confirmed');
  });

  it('Maidstone tenant admin: a user deactivated and reactivated; removing an admin waits for a second admin', async () => {
    const admin = await as('maidstone', 'admin');
    await admin.getByRole('link', { name: 'Tenant admin', exact: true }).click();
    const status = admin.getByTestId('status-officer-2@maidstone.example');
    await status.getByRole('button', { name: /^Deactivate/ }).click();
    await status.getByText('Deactivated').waitFor();
    await status.getByRole('button', { name: /^Reactivate/ }).click();
    await status.getByText('Active').waitFor();
    // A lone admin may appoint the second admin; removing that admin then needs another admin.
    const row = admin.getByRole('row', { name: /officer-2@maidstone\.example/ });
    await row.getByText('Change roles').click();
    await row.getByLabel('Tenant administrator').check();
    await row.getByRole('button', { name: 'Save roles' }).click();
    await row
      .getByRole('cell', { name: /Tenant administrator/ })
      .first()
      .waitFor();
    await status.getByRole('button', { name: /^Deactivate/ }).click();
    await status.getByText('Waiting for a second admin').waitFor();
    await status.getByText('Active').waitFor();
    await checkPage(admin, 'admin-users-second-admin');
  });

  it('Southampton: the next review date set within the policy’s limits; a contact raising a new issue', async () => {
    const t = 'southampton';
    const seeded = await seedFrontLine(api, {
      slug: t,
      fullName: 'Pat Review-Example',
      restrictions: [{ type: 'new-issues-only', endsAt: null }],
    });
    const crm = await as(t, 'complaints-resolution-manager');
    await openCasePage(crm, seeded.caseId!);
    const section = crm.locator('section', { has: crm.locator('#next-review-heading') });
    // Review: "adjusted given the personal circumstances", at most 12 months on: later is refused.
    const day = (d: Date) => d.toISOString().slice(0, 10);
    const now = api.clock.now();
    await section
      .getByLabel('Next review on')
      .fill(day(new Date(now.getTime() + 800 * 86_400_000)));
    await section.getByLabel('Why this date').fill('Hospital stay expected in the spring.');
    await section.getByRole('button', { name: 'Set the next review date' }).click();
    const refused = section.locator('.govuk-error-summary');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(/between .* \(1 day\(s\) to 12 month\(s\)/);
    const due = day(new Date(now.getTime() + 30 * 86_400_000));
    await section.getByLabel('Next review on').fill(due);
    await section.getByRole('button', { name: 'Set the next review date' }).click();
    await section.getByText(/Next review set for/).waitFor();
    const { case: after } = await gql<{ case: { reviewDueAt: string } }>(
      t,
      'complaints-resolution-manager',
      `query($id: ID!) { case(id: $id) { reviewDueAt } }`,
      { id: seeded.caseId },
    );
    expect(after.reviewDueAt.slice(0, 10)).toBe(due);
    await checkPage(crm, 'case-next-review-set');

    // The customer raises a new issue: logged with the flag, in one step.
    await crm.getByText('Log this contact').click();
    await crm.getByLabel('What was said or done').fill('A new complaint about a missed bin.');
    await crm.getByLabel('They raised a new issue').check();
    await crm.getByRole('button', { name: 'Log contact' }).click();
    await crm.getByText(/Contact logged as a new issue/).waitFor();
    const { case: logged } = await gql<{ case: { contacts: { newIssue: boolean }[] } }>(
      t,
      'complaints-resolution-manager',
      `query($id: ID!) { case(id: $id) { contacts { newIssue } } }`,
      { id: seeded.caseId },
    );
    expect(logged.contacts.map((x) => x.newIssue)).toContain(true);
    await checkPage(crm, 'case-new-issue-logged');
  });

  it('Cheshire West: an elected member’s choice for one customer', async () => {
    const t = 'cheshire-west-and-chester';
    const { createCustomer } = await gql<{ createCustomer: { id: string } }>(
      t,
      'officer',
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: { fullName: 'Robin Member-Example' } },
    );
    const { openCase } = await gql<{ openCase: { id: string } }>(
      t,
      'officer',
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
      { input: { customerId: createCustomer.id } },
    );
    const officer = await as(t, 'officer');
    await openCasePage(officer, openCase.id);
    const section = officer.locator('section', { has: officer.locator('#member-choice-heading') });
    await section.getByText('No member has given a choice for this customer.').waitFor();
    await section.getByLabel('Elected member’s name').fill('Cllr Jo Member-Example');
    await section.getByRole('button', { name: 'Record the member’s choice' }).click();
    // Neither opt in nor out chosen: said at the choice, linked from the summary.
    await section.locator('#member-opted-error').waitFor();
    expect(await section.locator('.govuk-error-summary a').getAttribute('href')).toBe(
      '#member-opted',
    );
    await section.getByLabel('Ward (optional)').fill('Blacon');
    await section.getByLabel('Opts out: is not told about it').check();
    await section.getByRole('button', { name: 'Record the member’s choice' }).click();
    await section
      .getByTestId('member-choices')
      .getByText(/Cllr Jo Member-Example \(Blacon\): opted out/)
      .waitFor();
    const { memberPreferences } = await gql<{
      memberPreferences: { memberName: string; customerId: string | null; optedIn: boolean }[];
    }>(t, 'officer', `{ memberPreferences { memberName customerId optedIn } }`, {});
    expect(memberPreferences).toContainEqual({
      memberName: 'Cllr Jo Member-Example',
      customerId: createCustomer.id,
      optedIn: false,
    });
    await checkPage(officer, 'case-member-choice');
  });

  it('Maidstone register: filtered by the API (measure in force, stage, closed cases)', async () => {
    const a = await seedMaidstonePolicyApplied('Ash Register-Example', 'call-time-limit', {
      minutes: 10,
    });
    await seedMaidstonePolicyApplied('Bo Register-Example', 'single-point-of-contact', {
      officer: 'J. Smith',
    });
    const { case: aCase } = await gql<{ case: { reference: string } }>(
      'maidstone',
      'head-of-policy',
      `query($id: ID!) { case(id: $id) { reference } }`,
      { id: a.caseId },
    );
    const head = await as('maidstone', 'head-of-policy');
    await head.getByRole('link', { name: 'Register', exact: true }).click();
    const count = head.getByTestId('register-count');
    await count.waitFor();
    const all = Number(await count.innerText());
    expect(all).toBeGreaterThanOrEqual(2);
    await head.getByLabel('Measure in force').selectOption('call-time-limit');
    await head.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(
      async () => Number(await count.innerText()),
      (n) => n < all,
    );
    await head.getByRole('link', { name: aCase.reference, exact: true }).waitFor();
    expect(await head.getByRole('cell', { name: /Bo Register-Example/ }).count()).toBe(0);
    await checkPage(head, 'register-filtered');
    await head.getByLabel('Measure in force').selectOption('');
    await head.getByLabel('Stage').selectOption('closed');
    await head.getByLabel('Cases', { exact: true }).selectOption('ALL');
    await head.getByRole('button', { name: 'Apply filters' }).click();
    await eventually(
      () => head.getByRole('link', { name: aCase.reference, exact: true }).count(),
      (n) => n === 0,
    );
  });

  interface RegisterPage {
    edges: { node: { caseReference: string } }[];
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
  }

  it('Maidstone register: paged by the API’s cursor, sorted by its column headers, every entry in the CSV', async () => {
    for (let i = 0; i < 12; i++)
      await seedMaidstonePolicyApplied(`Page${i} Register-Example`, 'call-time-limit', {
        minutes: 10,
      });
    /** The register as the API orders it, every page. */
    const apiOrder = async (sort: object): Promise<string[]> => {
      const refs: string[] = [];
      let after: string | null = null;
      do {
        const { register }: { register: RegisterPage } = await gql<{ register: RegisterPage }>(
          'maidstone',
          'head-of-policy',
          `query($after: String, $sort: RegisterSortInput) {
            register(first: 100, after: $after, sort: $sort) {
              edges { node { caseReference } } pageInfo { hasNextPage endCursor } } }`,
          { after, sort },
        );
        refs.push(...register.edges.map((e) => e.node.caseReference));
        after = register.pageInfo.hasNextPage ? register.pageInfo.endCursor : null;
      } while (after);
      return refs;
    };
    const head = await as('maidstone', 'head-of-policy');
    await head.goto(`${base}/console/register`);
    const count = head.getByTestId('register-count');
    await count.waitFor();
    const total = Number(await count.innerText());
    expect(total).toBeGreaterThan(10);
    await head.getByLabel('Entries per page').selectOption('10');
    await head.getByTestId('register-range').getByText('1 to 10 shown').waitFor();
    const shownRefs = () =>
      head.locator('tbody tr td:first-child a').allInnerTexts() as Promise<string[]>;

    // Ordered by case reference: the header says so (aria-sort), and the rows are the API's order.
    const caseHeader = head.locator('th', { has: head.getByRole('button', { name: 'Case' }) });
    expect(await caseHeader.getAttribute('aria-sort')).toBe('none');
    await head.getByRole('button', { name: 'Case' }).click();
    await eventually(
      () => caseHeader.getAttribute('aria-sort'),
      (v) => v === 'ascending',
    );
    const ascending = await apiOrder({ by: 'REFERENCE', direction: 'ASC' });
    expect(ascending).toEqual([...ascending].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    await eventually(
      shownRefs,
      (r) => JSON.stringify(r) === JSON.stringify(ascending.slice(0, 10)),
    );
    expect(
      await head
        .locator('th', { has: head.getByRole('button', { name: 'Opened' }) })
        .getAttribute('aria-sort'),
    ).toBe('none');
    await checkPage(head, 'register-sorted-paged');

    // The next page continues the API's cursor: the next ten, none repeated.
    await head.getByRole('button', { name: 'Next page' }).click();
    await head.getByTestId('register-page').getByText('Page 2').waitFor();
    await eventually(
      shownRefs,
      (r) => JSON.stringify(r) === JSON.stringify(ascending.slice(10, 20)),
    );
    await head.getByRole('button', { name: 'Previous page' }).click();
    await eventually(
      shownRefs,
      (r) => JSON.stringify(r) === JSON.stringify(ascending.slice(0, 10)),
    );

    // Again: descending, from the first page.
    await head.getByRole('button', { name: 'Case' }).click();
    await eventually(
      () => caseHeader.getAttribute('aria-sort'),
      (v) => v === 'descending',
    );
    const descending = await apiOrder({ by: 'REFERENCE', direction: 'DESC' });
    expect(descending).toEqual([...ascending].reverse());
    await eventually(
      shownRefs,
      (r) => JSON.stringify(r) === JSON.stringify(descending.slice(0, 10)),
    );

    // The CSV holds every entry, not only the page shown, in the order shown.
    const saved = head.waitForEvent('download');
    await head.getByRole('button', { name: /Download CSV/ }).click();
    const csv = readFileSync((await (await saved).path())!, 'utf8');
    const csvRefs = csv
      .split('\r\n')
      .slice(1)
      .filter(Boolean)
      .map((line) => /^"([^"]*)"/.exec(line)?.[1]);
    expect(csvRefs).toEqual(descending);
    expect(descending).toHaveLength(total);
  });

  it('Maidstone tenant admin: a register file checked (problems at their row and column), corrected and imported once', async () => {
    const admin = await as('maidstone', 'admin');
    await admin.getByRole('link', { name: 'Import the register' }).click();
    await admin.getByRole('heading', { name: 'Import the register' }).waitFor();
    // No file chosen: said at the file input.
    await admin.getByRole('button', { name: 'Check the file' }).click();
    await admin.locator('#register-file-error').waitFor();
    const file = (name: string, stage: string) => ({
      name,
      mimeType: 'text/csv',
      buffer: Buffer.from(
        'Customer ref,Name,Stage,Decision date\n' +
          'MIMP-1,Ira Import-Example,Concern identified,2025-11-01\n' +
          `MIMP-2,Jo Import-Example,${stage},2025-11-02\n`,
      ),
    });
    await admin.getByLabel(/Register file/).setInputFiles(file('register.csv', 'Not a stage'));
    await admin.getByRole('button', { name: 'Check the file' }).click();
    const faults = admin.getByTestId('import-faults');
    await faults.waitFor();
    // The spreadsheet's own row number (the header is row 1) and the column's header.
    const [row, column, problem] = await faults
      .locator('tbody tr')
      .first()
      .locator('td')
      .allInnerTexts();
    expect([row, column]).toEqual(['3', 'Stage']);
    expect(problem).toMatch(/Not a stage/);
    expect(await faults.locator('tbody tr').count()).toBe(1);
    expect(await admin.getByRole('button', { name: /^Import / }).count()).toBe(0);
    await checkPage(admin, 'register-import-faults');

    await admin
      .getByLabel(/Register file/)
      .setInputFiles(file('register-corrected.csv', 'Concern identified'));
    await admin.getByRole('button', { name: 'Check the file' }).click();
    await admin.getByText('Every row can be imported.').waitFor();
    await admin.getByRole('button', { name: 'Import 2 row(s)' }).click();
    await admin
      .getByText(/Imported register-corrected\.csv: 2 customer\(s\), 2 case\(s\)/)
      .waitFor();
    const imported = (await api.owner.query(
      `select count(*)::int as n from customer where tenant_id = $1 and reference like 'MIMP-%'`,
      [api.tenants.maidstone],
    )) as { n: number }[];
    expect(imported[0]!.n).toBe(2);
    await checkPage(admin, 'register-imported');

    // The same file again: the dry run says so, and importing it changes nothing.
    await admin.getByRole('button', { name: 'Check the file' }).click();
    await admin.getByText(/importing it again changes nothing/).waitFor();
  });

  it('the front line by keyboard alone: skip link, visible focus, find and log a contact', async () => {
    await seedFrontLine(api, { slug: 'maidstone', fullName: 'Casey Keyboard-Example' });
    const officer = await as('maidstone', 'officer-2');
    await frontLine(officer);
    // The first Tab reaches the skip link; Enter moves past the header and menu.
    await officer.keyboard.press('Tab');
    expect(await officer.evaluate('document.activeElement.textContent')).toBe(
      'Skip to main content',
    );
    expect(await focusIsVisible(officer)).toBe(true);
    await officer.keyboard.press('Enter');
    // The next Tab lands on the page's first field, past the menu.
    await tabTo(officer, '#channel', undefined, 1);
    await tabTo(officer, '#customer-query');
    await officer.keyboard.type('Casey Keyboard-Example');
    await officer.keyboard.press('Enter');
    await officer.getByRole('heading', { name: '1 customer found' }).waitFor();
    await tabTo(officer, 'summary');
    await officer.keyboard.press('Enter');
    await tabTo(officer, 'input[type=checkbox]');
    await officer.keyboard.press('Space');
    expect(await officer.evaluate('document.activeElement.checked')).toBe(true);
    await tabTo(officer, 'textarea');
    await officer.keyboard.type('Called again about the same bin collection.');
    await tabTo(
      officer,
      'button.govuk-button:not(.govuk-button--secondary)',
      (t) => t === 'Log contact',
    );
    await officer.keyboard.press('Enter');
    await officer.getByText('Contact logged.').waitFor();
    await checkPage(officer, 'front-line-keyboard');
  });

  it('no layout shift as each page loads', async () => {
    const head = await as('maidstone', 'head-of-policy');
    const seeded = await seedMaidstonePolicyApplied('Cam Shift-Example', 'single-channel', {
      channel: 'email',
    });
    const shifts: Record<string, number> = {};
    for (const path of ['', 'my-work', 'register', 'benchmarking', `cases/${seeded.caseId}`])
      shifts[path || 'front-line'] = await layoutShiftOnLoad(head, `${base}/console/${path}`);
    const admin = await as('maidstone', 'admin');
    for (const path of ['admin', 'register-import'])
      shifts[path] = await layoutShiftOnLoad(admin, `${base}/console/${path}`);
    writeFileSync(join(ARTIFACTS, 'layout-shift.json'), JSON.stringify(shifts, null, 2));
    for (const [page, cls] of Object.entries(shifts))
      expect({ page, cls }).toEqual({ page, cls: 0 });
  });

  /** Published figures for 2026-Q1, seeded and snapshotted as the API's benchmarking tests do. */
  async function publishBenchmarks(): Promise<void> {
    const opened: Record<string, number> = {
      'london-borough': 20,
      maidstone: 10,
      southampton: 15,
      'welwyn-hatfield': 3,
      'cheshire-west-and-chester': 25,
    };
    for (const [slug, n] of Object.entries(opened)) {
      const tenantId = api.tenants[slug]!;
      await withTenant(api.ds, tenantId, async (em) => {
        const pv = await em.findOneOrFail(PolicyVersion, { where: { tenantId, status: 'active' } });
        const user = await em.findOneOrFail(AppUser, {
          where: { tenantId, email: `officer@${slug}.example` },
        });
        const stage = (pv.document as { initialStage: string }).initialStage;
        await seedBenchmarkCases(
          em,
          { policyVersionId: pv.id, userId: user.id },
          Array.from({ length: n }, (_, i) => {
            const at = new Date(Date.UTC(2026, i % 3, 2 + (i % 20), 10));
            return {
              openedAt: at,
              stage,
              contacts: [{ at, channel: 'telephone', categories: [] }],
              customerName: `Benchmark Person ${slug} ${i}`,
            };
          }),
        );
      });
    }
    const published = await runBenchmarkSnapshot(api.ds, {
      periods: ['2026-Q1'],
      now: api.clock.now(),
    });
    expect(published.participants).toBe(5);
  }

  it('benchmarking: the council beside its peers, a chart and the CSV; sign-in passes axe', async () => {
    // Q1 2026 only: the cases other tests open today fall outside it, so the figures are exact.
    await publishBenchmarks();
    const head = await as('maidstone', 'head-of-policy');
    await head.getByRole('link', { name: 'Benchmarking', exact: true }).click();
    await head.getByRole('heading', { name: 'Benchmarking', level: 1 }).waitFor();
    await head.getByLabel('Period').fill('2026-Q1');
    const chartLoaded = head.waitForResponse((r) =>
      r.url().endsWith('/benchmarking/2026-Q1/cases-per-100k.svg'),
    );
    await head.getByRole('button', { name: 'Show' }).click();
    const chart = await chartLoaded;
    expect(chart.status()).toBe(200);
    expect(chart.headers()['content-type']).toMatch(/^image\/svg\+xml/);
    // Its title, as the API serves it to this council (the browser keeps no copy of an image body).
    const svg = await fetch(`${base}/benchmarking/2026-Q1/cases-per-100k.svg`, {
      headers: {
        authorization: `Bearer ${await api.token('maidstone', 'head-of-policy@maidstone.example')}`,
      },
    });
    expect(await svg.text()).toMatch(
      /^<svg[^>]*><title>Cases opened per 100,000 population[^<]*, 2026-Q1<\/title>/,
    );
    // Maidstone: 10 cases in 180,000 people = 5.6; peers London 6.3, Southampton 6.0, Cheshire 6.9
    // and Maidstone → median 6.2 of 4 councils (Welwyn's 3 cases are suppressed).
    const section = head.getByRole('region', { name: 'Cases opened per 100,000 population' });
    const row = section.getByRole('row').nth(1);
    // The year's empty table stays until the quarter's figures replace it.
    await row.getByRole('cell', { name: '5.6', exact: true }).waitFor();
    await expect(row.getByRole('cell').allTextContents()).resolves.toEqual([
      'All',
      '5.6',
      '6.2',
      '4',
    ]);
    const img = section.getByRole('img', { name: /^Chart: Cases opened per 100,000 population/ });
    await img.waitFor();
    expect(await img.isVisible()).toBe(true);
    // Drawn, not a broken image.
    expect(
      await img.evaluate((el) => (el as { complete: boolean; naturalWidth: number }).naturalWidth),
    ).toBeGreaterThan(0);
    // The CSV: answered 200 as CSV, and the browser saves it.
    const csvAnswered = head.waitForResponse((r) => r.url().endsWith('/benchmarking/2026-Q1.csv'));
    const saved = head.waitForEvent('download');
    await head.getByRole('button', { name: 'Download CSV' }).click();
    const csv = await csvAnswered;
    expect(csv.status()).toBe(200);
    expect(csv.headers()['content-type']).toMatch(/^text\/csv/);
    // The file the browser saved (a fetched body is not kept by the browser).
    const file = await saved;
    expect(file.suggestedFilename()).toBe('benchmarking-2026-Q1.csv');
    expect(readFileSync((await file.path())!, 'utf8')).toMatch(
      /\r\n2026-Q1,cases-per-100k,[^\r]*,5\.6,/,
    );
    await checkPage(head, 'benchmarking');
    const signInPage = await (await browser.newContext()).newPage();
    await signInPage.goto(`${base}/console/sign-in`);
    await signInPage.getByLabel('Council').waitFor();
    await checkPage(signInPage, 'sign-in');
  });
});
