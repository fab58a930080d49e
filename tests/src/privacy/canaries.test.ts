import { get } from 'node:http';
import Redis from 'ioredis';
import { signDevToken } from '@conduct/api/identity/dev-issuer';
import { PROPOSE, ACT, ATTEST, CONSULT, MARK_SENT } from '@conduct/api/proposals/casework.testkit';
import {
  sleep,
  startHarness,
  startSmtp,
  type SchedulingHarness,
  type TestSmtp,
} from '../scheduling/harness';
import { postGraphQL } from '../services/graphql-client';
import {
  startApi,
  startService,
  type ApiProcess,
  type ServiceProcess,
} from '../services/service-process';
import { until } from '../worker/process';
import { CANARIES, redisContents, sightings } from './canaries';

/**
 * Target 12 of RELIABILITY.md: a customer with canary name, email and phone
 * numbers goes through a whole case over HTTP — contacts, decisions with
 * letters, front-line look-ups, documents, reminders, closure — and the
 * worker's scheduled work until the retention purge. Both services run as
 * deployed, logging at `trace`. Afterwards the canaries must appear in none
 * of: the services' output, any audit event, any deletion-log row, anything
 * written to Redis (every command seen by MONITOR, and every key left).
 */
const SECRET = 'canary-test-issuer-secret-of-32-characters';
const SLUG = 'southampton';
const T0 = new Date('2026-01-05T09:00:00Z');
const RESTRICTED_AT = new Date('2026-04-01T09:00:00Z');
const REVIEW_DUE = new Date('2027-04-01T09:00:00Z');
/** Southampton purges six years after the restrictions end (lifted at the review). */
const PURGE_DUE = new Date('2033-04-02T09:00:00Z');

const CUSTOMER_FIELDS = 'id reference fullName email phone';
const CREATE_CUSTOMER = `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { ${CUSTOMER_FIELDS} } }`;
const UPDATE_CUSTOMER = `mutation($id: ID!, $input: UpdateCustomerInput!) { updateCustomer(id: $id, input: $input) { ${CUSTOMER_FIELDS} } }`;
const OPEN_CASE = `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`;
const LOG_CONTACT = `mutation($input: LogContactInput!) { logContact(input: $input) { id } }`;
const SEARCH = `query($search: String) { customers(search: $search) { totalCount edges { node { id fullName } } } }`;
const GUIDANCE = `query($q: String!, $channel: String!) {
  contactGuidance(customerQuery: $q, channel: $channel) { customerId fullName verdict summary } }`;
const PACK = `query($caseId: ID) { evidencePack(caseId: $caseId) { pdfPath jsonPath events { __typename } } }`;
const REVIEW = `mutation($input: RecordReviewInput!) {
  recordReview(input: $input) { case { stage status } letter { id body } } }`;

interface Outcome {
  letter: { id: string; body: string } | null;
}

/** Staff of the council over HTTP, each with their own development token. */
class Staff {
  private tokens = new Map<string, string>();
  constructor(private readonly api: ApiProcess) {}

  async token(who: string): Promise<string> {
    let t = this.tokens.get(who);
    if (!t) {
      t = await signDevToken(SECRET, { tenant: SLUG, email: `${who}@${SLUG}.example` });
      this.tokens.set(who, t);
    }
    return t;
  }

  async ok<T>(who: string, query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const res = await postGraphQL<T>(this.api.url, await this.token(who), query, variables);
    if (res.kind !== 'answered' || res.body.errors) {
      // The server's own account of an unexpected error, found by its correlation id.
      const id =
        res.kind === 'answered' ? res.body.errors?.[0]?.extensions?.correlationId : undefined;
      await sleep(200);
      const logged = id ? this.api.output.filter((l) => l.includes(String(id))) : [];
      throw new Error(`${who}: ${JSON.stringify(res).slice(0, 1000)}\n${logged.join('\n')}`);
    }
    return res.body.data!;
  }

  async fails(who: string, query: string, variables: Record<string, unknown>): Promise<string> {
    const res = await postGraphQL(this.api.url, await this.token(who), query, variables);
    if (res.kind !== 'answered' || !res.body.errors)
      throw new Error(`expected an error: ${JSON.stringify(res)}`);
    return String(res.body.errors[0]!.extensions?.code);
  }

  /** A document (PDF or JSON) under /documents; its size. */
  async document(who: string, path: string): Promise<number> {
    const token = await this.token(who);
    return new Promise((resolve, reject) => {
      get(`${this.api.url}${path}`, { headers: { authorization: `Bearer ${token}` } }, (res) => {
        let size = 0;
        res.on('data', (c: Buffer) => (size += c.length));
        res.on('end', () =>
          res.statusCode === 200 ? resolve(size) : reject(new Error(`${path}: ${res.statusCode}`)),
        );
      }).on('error', reject);
    });
  }

  async decide(
    proposer: string,
    decider: string,
    input: Record<string, unknown>,
    consultee?: string,
  ): Promise<Outcome> {
    const proposed = await this.ok<{ proposeTransition: { id: string } }>(proposer, PROPOSE, {
      input,
    });
    if (consultee)
      await this.ok(decider, CONSULT, {
        input: {
          caseId: input.caseId,
          consultee,
          note: 'Advice recorded.',
          consultedName: 'A. Consultee',
        },
      });
    const acted = await this.ok<{ actOnProposal: { outcome: Outcome } }>(decider, ACT, {
      input: {
        proposalId: proposed.proposeTransition.id,
        action: 'APPROVE',
        note: 'Decided.',
        expectedCaseVersion: await this.version(decider, input.caseId as string),
      },
    });
    return acted.actOnProposal.outcome;
  }

  /** The case's version as the decider reads it before deciding. */
  async version(who: string, caseId: string): Promise<number> {
    const read = await this.ok<{ case: { version: number } }>(
      who,
      `query($id: ID!) { case(id: $id) { version } }`,
      { id: caseId },
    );
    return read.case.version;
  }

  send(who: string, letterId: string) {
    return this.ok(who, MARK_SENT, { id: letterId });
  }
}

describe('canary personal data never reaches logs, audit, deletion logs or Redis', () => {
  let h: SchedulingHarness;
  let smtp: TestSmtp;
  let api: ApiProcess;
  let worker: ServiceProcess;
  let monitor: Awaited<ReturnType<Redis['monitor']>>;
  let redis: Redis;
  const redisCommands: string[] = [];

  beforeAll(async () => {
    h = await startHarness(T0);
    smtp = await startSmtp();
    // MONITOR first, while nothing else is connected: ioredis loses track of a reply
    // when another client's command is echoed before it has switched to monitoring.
    monitor = await new Redis(h.redis.url, { lazyConnect: true }).monitor();
    monitor.on('monitor', (_time: string, args: string[]) => redisCommands.push(args.join(' ')));
    redis = new Redis(h.redis.url);
    const env = h.workerEnv({ LOG_LEVEL: 'trace', SMTP_URL: smtp.url });
    api = await startApi({
      ownerUrl: h.db.ownerUrl,
      appUrl: h.db.appUrl,
      redisUrl: h.redis.url,
      devIssuerSecret: SECRET,
      env: { LOG_LEVEL: 'trace', CONDUCT_CLOCK_FILE: env.CONDUCT_CLOCK_FILE! },
    });
    worker = startService('worker', env);
  }, 120_000);
  afterAll(async () => {
    for (const p of [api, worker]) if (p?.child.exitCode === null) p.child.kill('SIGKILL');
    monitor?.disconnect();
    redis?.disconnect();
    await smtp?.close();
    await h?.close();
  });

  const caseStatus = async (caseId: string) =>
    (await h.pg.query(`select status from managed_case where id = $1`, [caseId])).rows[0]
      ?.status as string | undefined;

  it('through a whole case, its reminders and its purge', async () => {
    const staff = new Staff(api);

    // First contact: the customer, their case, what happened.
    const created = await staff.ok<{ createCustomer: { id: string } }>('officer', CREATE_CUSTOMER, {
      input: { fullName: CANARIES.name, email: CANARIES.email, phone: CANARIES.phone },
    });
    // The probe works: it finds the canaries where they belong.
    expect(sightings('response', JSON.stringify(created)).length).toBeGreaterThan(0);
    const customerId = created.createCustomer.id;
    await staff.ok('officer', UPDATE_CUSTOMER, {
      id: customerId,
      input: { email: CANARIES.newEmail, phone: CANARIES.newPhone },
    });
    // Failures carrying the canaries: refused input, including a NUL that PostgreSQL could not
    // store (refused before any write; how a failed write is logged is unit-tested in @conduct/config).
    expect(
      await staff.fails('officer', CREATE_CUSTOMER, {
        input: { fullName: CANARIES.name, email: `${CANARIES.email}@` },
      }),
    ).toBe('BAD_USER_INPUT');
    expect(
      await staff.fails('officer', UPDATE_CUSTOMER, {
        id: customerId,
        input: { fullName: `${CANARIES.name}\u0000`, phone: CANARIES.phone },
      }),
    ).toBe('BAD_USER_INPUT');

    const opened = await staff.ok<{ openCase: { id: string } }>('officer', OPEN_CASE, {
      input: { customerId },
    });
    const caseId = opened.openCase.id;
    const ids = { customerId, caseId };
    for (const [who, channel, categories] of [
      ['officer', 'telephone', ['excessive-demands']],
      ['officer', 'email', ['repeat-complaints', 'shifting-complaint']],
      ['officer-2', 'web', ['scatter-gun']],
    ] as const) {
      await staff.ok(who, LOG_CONTACT, {
        input: {
          ...ids,
          occurredAt: T0.toISOString(),
          channel,
          behaviourCategories: categories,
          severity: 'high',
          description: 'Repeated calls about the same complaint.',
        },
      });
    }

    // Local resolution: a decision and its letter, which names the customer.
    const local = await staff.decide('officer', 'service-manager', {
      caseId,
      toStage: 'local-resolution',
      rationale: 'the number of your calls is taking staff away from other residents.',
      restrictions: [{ type: 'scheduled-contact', parametersJson: '{"frequency":"fortnightly"}' }],
      durationMonths: 3,
    });
    expect(sightings('letter', local.letter!.body).length).toBeGreaterThan(0);
    await staff.send('service-manager', local.letter!.id);

    // Restriction by the CRM, in consultation with Legal: the calls continued despite the
    // local resolution, and the referral cites them.
    h.setClock(RESTRICTED_AT);
    const continued = await staff.ok<{ logContact: { id: string } }>('officer', LOG_CONTACT, {
      input: {
        ...ids,
        occurredAt: RESTRICTED_AT.toISOString(),
        channel: 'telephone',
        behaviourCategories: ['excessive-demands'],
        severity: 'high',
        description: 'The calls continued during the local resolution.',
      },
    });
    for (const checkKey of [
      'genuine-needs-distinguished',
      'local-resolution-attempted',
      'log-sheets-kept',
      'evidence-provided',
      'other-areas-identified',
    ]) {
      await staff.ok('service-manager', ATTEST, { input: { caseId, checkKey, note: 'Recorded.' } });
    }
    const restricted = await staff.decide(
      'service-manager',
      'complaints-resolution-manager',
      {
        caseId,
        toStage: 'restriction',
        rationale: 'the calls continued throughout the monitoring period.',
        evidenceContactIds: [continued.logContact.id],
        restrictions: [
          { type: 'single-channel', parameters: [{ name: 'channel', text: 'letter' }] },
          { type: 'single-point-of-contact', parameters: [{ name: 'officer', text: 'A Officer' }] },
        ],
        durationMonths: 12,
      },
      'head-of-service-legal',
    );
    await staff.send('complaints-resolution-manager', restricted.letter!.id);

    // Front-line look-ups by name, email and phone; searches; documents.
    for (const q of [CANARIES.name, CANARIES.newEmail, CANARIES.newPhone]) {
      const found = await staff.ok<{ contactGuidance: { customerId: string }[] }>(
        'officer',
        GUIDANCE,
        { q, channel: 'telephone' },
      );
      expect(found.contactGuidance.map((g) => g.customerId)).toContain(customerId);
    }
    for (const search of ['Zephyrine', CANARIES.newEmail]) {
      const found = await staff.ok<{ customers: { totalCount: number } }>('officer', SEARCH, {
        search,
      });
      expect(found.customers.totalCount).toBe(1);
    }
    const pack = await staff.ok<{ evidencePack: { pdfPath: string; jsonPath: string } }>(
      'complaints-resolution-manager',
      PACK,
      { caseId },
    );
    for (const path of [
      pack.evidencePack.pdfPath,
      pack.evidencePack.jsonPath,
      `/documents/letters/${restricted.letter!.id}.pdf`,
    ]) {
      expect(await staff.document('complaints-resolution-manager', path)).toBeGreaterThan(100);
    }

    // The worker: the monitoring period ends, the review reminder is written and emailed.
    h.setClock(new Date(REVIEW_DUE.getTime() - 7 * 86_400_000));
    await until(async () => {
      const { rows } = await h.pg.query(
        `select count(*)::int as n from notification where case_id = $1 and kind = 'review-reminder' and emailed_at is not null`,
        [caseId],
      );
      return rows[0].n > 0 ? true : undefined;
    }, 60_000);

    // The review lifts everything: the case closes, with a last letter. An hour before the
    // measures' end date, so that the review ends them, not the worker's expiry run.
    h.setClock(new Date(REVIEW_DUE.getTime() - 3_600_000));
    const lifted = await staff.ok<{
      recordReview: { case: { status: string }; letter: { id: string } };
    }>('complaints-resolution-manager', REVIEW, {
      input: {
        caseId,
        outcome: 'LIFT',
        note: 'Contact has been appropriate for a year.',
        expectedCaseVersion: await staff.version('complaints-resolution-manager', caseId),
      },
    });
    expect(lifted.recordReview.case.status).toBe('closed');
    await staff.send('complaints-resolution-manager', lifted.recordReview.letter.id);

    // Six years on: the retention purge.
    h.setClock(PURGE_DUE);
    await until(async () => ((await caseStatus(caseId)) === 'purged' ? true : undefined), 60_000);
    const { rows: left } = await h.pg.query(
      `select full_name, email, phone from customer where id = $1`,
      [customerId],
    );
    expect(left).toEqual([{ full_name: null, email: null, phone: null }]);
    const found = await staff.ok<{ customers: { totalCount: number } }>('officer', SEARCH, {
      search: 'Zephyrine',
    });
    expect(found.customers.totalCount).toBe(0);

    expect((await api.terminate()).code).toBe(0);
    expect((await worker.terminate()).code).toBe(0);
    monitor.disconnect();

    // Where the canaries must not be.
    const audit = await h.pg.query(`select row_to_json(a)::text as row from audit_event a`);
    const deletions = await h.pg.query(`select row_to_json(p)::text as row from purge_log p`);
    const redisNow = await redisContents(redis);
    const leaks = [
      ...api.output.flatMap((line) => sightings('API log', line)),
      ...worker.output.flatMap((line) => sightings('worker log', line)),
      ...audit.rows.flatMap((r: { row: string }) => sightings('audit_event', r.row)),
      ...deletions.rows.flatMap((r: { row: string }) => sightings('purge_log', r.row)),
      ...redisCommands.flatMap((c) => sightings('Redis command', c)),
      ...redisNow.flatMap((v) => sightings('Redis key', v)),
      // Not a target, but the same rule: staff emails name cases by reference.
      ...smtp.messages.flatMap((m) => sightings('email', JSON.stringify(m))),
    ];
    expect(leaks).toEqual([]);

    // ... and that each place was really looked at.
    expect(audit.rows.length).toBeGreaterThan(30);
    expect(deletions.rows.length).toBeGreaterThan(0);
    expect(redisCommands.some((c) => c.includes('purge-run'))).toBe(true);
    expect(redisCommands.some((c) => c.includes('review-notification'))).toBe(true);
    expect(smtp.messages.length).toBeGreaterThan(0);
    expect(api.output.length).toBeGreaterThan(0);
    expect(worker.output.some((l) => l.includes('"level":10') || l.includes('"level":20'))).toBe(
      true,
    );
    console.log(
      `canaries: looked at ${api.output.length} API and ${worker.output.length} worker log lines, ` +
        `${audit.rows.length} audit events, ${deletions.rows.length} deletion-log rows, ` +
        `${redisCommands.length} Redis commands and ${redisNow.length} Redis keys`,
    );
  }, 300_000);
});
