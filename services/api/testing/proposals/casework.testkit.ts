import { verifyAuditChain, withTenant } from '@conduct/db';
import type { GraphQLResponse, TestApi } from '../test-api';
import { withCaseVersion } from '../case-version';

/** GraphQL documents and small steps shared by the stage-move tests. */
export const OUTCOME_FIELDS = `
  decision { id kind transitionKey fromStage toStage participants { userId role step } }
  case { id stage status reviewDueAt closedAt stageEnteredAt }
  restrictions { id type parametersJson startsAt endsAt status }
  letter { id status title body templateKey decisionId sections { key heading text } }
  disseminations { audience kind label decisionId }`;

export const PROPOSE = `mutation($input: ProposeTransitionInput!) {
  proposeTransition(input: $input) {
    id status transitionKey fromStage toStage durationMonths indefinite principalUnavailable
    restrictions { type label parametersJson }
    steps { position step action role userId }
  } }`;

export const ACT = `mutation($input: ActOnProposalInput!) {
  actOnProposal(input: $input) {
    proposal { id status closedAt steps { position step action role userId note } }
    step { position step action role }
    outcome { ${OUTCOME_FIELDS} }
  } }`;

export const CONSULT = `mutation($input: RecordConsultationInput!) {
  recordConsultation(input: $input) { id consultee proposalId } }`;

export const ATTEST = `mutation($input: AttestCheckInput!) { attestCheck(input: $input) { checkKey } }`;

export const MARK_SENT = `mutation($id: ID!) { markLetterSent(letterId: $id) { id status sentAt sentBy } }`;

export interface Outcome {
  decision: {
    id: string;
    kind: string;
    transitionKey: string;
    fromStage: string;
    toStage: string;
    participants: { userId: string; role: string; step: string }[];
  };
  case: { id: string; stage: string; status: string; reviewDueAt: string | null };
  restrictions: {
    id: string;
    type: string;
    parametersJson: string;
    startsAt: string;
    endsAt: string | null;
    status: string;
  }[];
  letter: {
    id: string;
    status: string;
    title: string;
    body: string;
    sections: { key: string; heading: string; text: string }[];
  } | null;
  disseminations: { audience: string; kind: string; label: string }[];
}

export interface ActResult {
  actOnProposal: {
    proposal: {
      id: string;
      status: string;
      steps: { step: string; action: string; role: string }[];
    };
    step: { position: number; step: string; action: string; role: string };
    outcome: Outcome | null;
  };
}

export class Casework {
  private tokens = new Map<string, string>();
  constructor(
    readonly api: TestApi,
    readonly slug: string,
  ) {}

  /** The token of `<role>@<slug>.example` (or any local part, e.g. `director-2`). */
  async as(who: string): Promise<string> {
    let t = this.tokens.get(who);
    if (!t)
      this.tokens.set(who, (t = await this.api.token(this.slug, `${who}@${this.slug}.example`)));
    return t;
  }

  async userId(who: string): Promise<string> {
    const [row] = (await this.api.owner.query(
      'select id from app_user where tenant_id = $1 and email = $2',
      [this.api.tenants[this.slug], `${who}@${this.slug}.example`],
    )) as { id: string }[];
    return row!.id;
  }

  async ok<T>(who: string, query: string, variables: Record<string, unknown>): Promise<T> {
    const res = await this.api.gql<T>(query, variables, await this.as(who));
    expect(res.errors).toBeUndefined();
    return res.data!;
  }

  gql<T>(who: string, query: string, variables: Record<string, unknown>) {
    return this.as(who).then((t) => this.api.gql<T>(query, variables, t));
  }

  /** A customer and a case about them, opened by `who`. */
  async openCase(
    who = 'officer',
    fullName = 'Robin Example',
  ): Promise<{ customerId: string; caseId: string }> {
    const customer = await this.ok<{ createCustomer: { id: string } }>(
      who,
      `mutation($input: CreateCustomerInput!) { createCustomer(input: $input) { id } }`,
      { input: { fullName } },
    );
    const customerId = customer.createCustomer.id;
    const opened = await this.ok<{ openCase: { id: string } }>(
      who,
      `mutation($input: OpenCaseInput!) { openCase(input: $input) { id } }`,
      { input: { customerId } },
    );
    return { customerId, caseId: opened.openCase.id };
  }

  async logContact(
    who: string,
    ids: { customerId: string; caseId: string },
    channel: string,
    behaviourCategories: string[],
    severity = 'high',
  ): Promise<string> {
    const res = await this.ok<{ logContact: { id: string } }>(
      who,
      `mutation($input: LogContactInput!) { logContact(input: $input) { id } }`,
      {
        input: {
          ...ids,
          occurredAt: this.api.clock.now().toISOString(),
          channel,
          behaviourCategories,
          severity,
          description: 'Logged for the test',
        },
      },
    );
    return res.logContact.id;
  }

  async attest(who: string, caseId: string, ...checks: string[]): Promise<void> {
    for (const checkKey of checks) {
      await this.ok(who, ATTEST, { input: { caseId, checkKey, note: 'Considered and recorded.' } });
    }
  }

  async propose(who: string, input: Record<string, unknown>): Promise<string> {
    const res = await this.ok<{ proposeTransition: { id: string } }>(who, PROPOSE, { input });
    return res.proposeTransition.id;
  }

  /** Acts on the case as the actor last read it (`Case.version`), unless `extra` names a version. */
  async act(who: string, proposalId: string, action: string, extra: Record<string, unknown> = {}) {
    const input = { proposalId, action, note: `${action} — reasons recorded`, ...extra };
    return this.gql<ActResult>(who, ACT, { input: await withCaseVersion(this.api, input) });
  }

  async approve(
    who: string,
    proposalId: string,
    extra: Record<string, unknown> = {},
  ): Promise<Outcome> {
    const res = await this.act(who, proposalId, 'APPROVE', extra);
    expect(res.errors).toBeUndefined();
    const outcome = res.data!.actOnProposal.outcome;
    expect(outcome).not.toBeNull();
    return outcome!;
  }

  /** Moves the test clock on: what is recorded next comes after the last decision. */
  later(minutes = 1): void {
    this.api.clock.set(new Date(this.api.clock.now().getTime() + minutes * 60_000));
  }

  async markSent(who: string, letterId: string): Promise<void> {
    await this.ok(who, MARK_SENT, { id: letterId });
  }

  /**
   * What a decision after an earlier one needs under the policies' conditions: the earlier
   * letter sent (`previousLetterSent`), the conduct logged again since that decision
   * (`conductSinceLastDecision`; its id is returned, to cite as evidence) and the checks
   * attested again (an attestation counts for the next decision only). The clock must
   * already be past the earlier decision (`later()`).
   */
  async continued(
    ids: { customerId: string; caseId: string },
    step: {
      letterId?: string | null;
      conduct: { channel: string; categories: string[] };
      attest?: { by: string; checks: string[] };
    },
  ): Promise<string> {
    if (step.letterId) await this.markSent('officer', step.letterId);
    const contact = await this.logContact(
      'officer',
      ids,
      step.conduct.channel,
      step.conduct.categories,
    );
    if (step.attest) await this.attest(step.attest.by, ids.caseId, ...step.attest.checks);
    return contact;
  }

  /** A consultation recorded by `who`, naming the person consulted and their advice. */
  async consult(
    who: string,
    caseId: string,
    consultee: string,
    about: {
      subject?: 'PROPOSAL' | 'REVIEW' | 'DERESTRICTION';
      derestrictionRequestId?: string;
    } = {},
  ): Promise<void> {
    await this.ok(who, CONSULT, {
      input: {
        caseId,
        consultee,
        note: 'Advice recorded.',
        consultedName: 'A. Consultee',
        ...about,
      },
    });
  }

  async auditChainOk(): Promise<void> {
    const tenantId = this.api.tenants[this.slug]!;
    const verdict = await withTenant(this.api.ds, tenantId, (em) => verifyAuditChain(em, tenantId));
    expect(verdict.ok).toBe(true);
    expect(verdict.checked).toBeGreaterThan(0);
  }
}

/** The refusal's code and the engine's reason codes. */
export function violation(res: GraphQLResponse<unknown>): { code: unknown; reasons: string[] } {
  const ext = res.errors?.[0]?.extensions ?? {};
  return {
    code: ext.code,
    reasons: ((ext.reasons as { code: string }[] | undefined) ?? []).map((r) => r.code),
  };
}

export const section = (o: Outcome, key: string): string =>
  o.letter?.sections.find((s) => s.key === key)?.text ?? '';

export const months = (from: Date, n: number): string => {
  const d = new Date(from);
  d.setUTCMonth(d.getUTCMonth() + n);
  return d.toISOString();
};
