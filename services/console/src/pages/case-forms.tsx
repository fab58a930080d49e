import { useState, type ReactNode } from 'react';
import { ApiProblem, request, useQuery } from '../api';
import { roleLabel, useCouncil, type Council } from '../council';
import { graphql } from '../gql';
import type {
  AppealOutcome,
  CaseDetailQuery,
  ConsultationSubject,
  ProtectedCharacteristic,
  ReviewOutcome,
} from '../gql/graphql';
import {
  Button,
  Checkbox,
  Form,
  Radios,
  Select,
  Success,
  Tag,
  TextArea,
  TextInput,
  formatDate,
  useForm,
} from '../ui';
import { MeasuresForm, type MeasureChoice, toParametersJson } from './measures';

type CaseDetail = CaseDetailQuery['case'];

const ColleaguesDocument = graphql(`
  query Colleagues {
    colleagues {
      id
      displayName
      roles
    }
  }
`);

const RecordReviewDocument = graphql(`
  mutation RecordReview($input: RecordReviewInput!) {
    recordReview(input: $input) {
      review {
        id
        outcome
      }
      letter {
        id
      }
      proposal {
        id
      }
    }
  }
`);
const RecordConsultationDocument = graphql(`
  mutation RecordConsultation($input: RecordConsultationInput!) {
    recordConsultation(input: $input) {
      id
    }
  }
`);
const LodgeAppealDocument = graphql(`
  mutation LodgeAppeal($input: LodgeAppealInput!) {
    lodgeAppeal(input: $input) {
      id
      status
    }
  }
`);
const DecideAppealDocument = graphql(`
  mutation DecideAppeal($input: DecideAppealInput!) {
    decideAppeal(input: $input) {
      appeal {
        id
        status
      }
    }
  }
`);
const RequestDerestrictionDocument = graphql(`
  mutation RequestDerestriction($input: RequestDerestrictionInput!) {
    requestDerestriction(input: $input) {
      id
      status
    }
  }
`);
const DecideDerestrictionDocument = graphql(`
  mutation DecideDerestriction($input: DecideDerestrictionInput!) {
    decideDerestriction(input: $input) {
      request {
        id
        status
      }
    }
  }
`);
const CharacteristicsDocument = graphql(`
  query ProtectedCharacteristics($customerId: ID!) {
    protectedCharacteristics(customerId: $customerId) {
      characteristic
      value
      recordedAt
    }
  }
`);
const RecordCharacteristicDocument = graphql(`
  mutation RecordProtectedCharacteristic(
    $customerId: ID!
    $characteristic: ProtectedCharacteristic!
    $value: String
  ) {
    recordProtectedCharacteristic(
      customerId: $customerId
      characteristic: $characteristic
      value: $value
    )
  }
`);
const RedactionMarksDocument = graphql(`
  query RedactionMarks($customerId: ID!) {
    redactionMarks(customerId: $customerId) {
      id
      term
      category
      reason
      markedAt
    }
  }
`);
const MarkRedactionDocument = graphql(`
  mutation MarkForRedaction($input: MarkForRedactionInput!) {
    markForRedaction(input: $input) {
      id
    }
  }
`);
const RemoveRedactionDocument = graphql(`
  mutation RemoveRedactionMark($id: ID!) {
    removeRedactionMark(id: $id)
  }
`);

const REVIEW_OUTCOME_WORDS: Record<string, string> = {
  continue: 'Continue unchanged',
  vary: 'Vary the measures',
  extend: 'Extend the period',
  escalate: 'Escalate',
  lift: 'Lift every restriction',
};

const roleOptions = (council: Council, keys: string[]) =>
  keys.map((k) => ({ value: k, label: roleLabel(council, k) }));

const mayAct = (council: Council, roles: string[]) =>
  council.me.user?.roles.some((r) => roles.includes(r)) ?? false;

/** A section of the case page with its own heading. */
function Section(props: { id: string; title: string; children: ReactNode }) {
  return (
    <section aria-labelledby={`${props.id}-heading`} className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id={`${props.id}-heading`}>
        {props.title}
      </h2>
      {props.children}
    </section>
  );
}

/** Measures and their period for a review's VARY / ESCALATE or an appeal's VARIED, as the policy's catalogue lists them. */
function MeasuresAndMonths(props: {
  id: string;
  stageKey: string;
  measures: MeasureChoice[];
  onMeasures(v: MeasureChoice[]): void;
  months: string;
  onMonths(v: string): void;
  monthsHint?: string;
}) {
  const council = useCouncil();
  const stage = council.policyCatalogue.stages.find((s) => s.key === props.stageKey);
  return (
    <>
      <MeasuresForm
        id={`${props.id}-measures`}
        council={council}
        suggested={stage?.measures ?? []}
        value={props.measures}
        onChange={props.onMeasures}
        apiField="input.restrictions"
      />
      <TextInput
        id={`${props.id}-months`}
        label="For how many months"
        hint={props.monthsHint}
        width="3"
        value={props.months}
        onChange={(v) => props.onMonths(v.replace(/\D/g, ''))}
        apiField="input.durationMonths"
      />
    </>
  );
}

/**
 * Record a review: the outcomes this stage's review may give, the
 * consultations and letter the policy names for it, decided on the case
 * version shown (a case changed since is refused).
 */
export function ReviewForm({ c, reload }: { c: CaseDetail; reload(): void }) {
  const council = useCouncil();
  const stage = council.policyCatalogue.stages.find((s) => s.key === c.stage);
  const rule = stage?.review;
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [months, setMonths] = useState('');
  const [measures, setMeasures] = useState<MeasureChoice[]>([]);
  const [invited, setInvited] = useState(false);
  const [noLetter, setNoLetter] = useState(false);
  const [noLetterReasons, setNoLetterReasons] = useState('');
  const [done, setDone] = useState<string>();
  const form = useForm();
  if (!rule || c.status !== 'open') return null;
  const escalateLabel = council.policyCatalogue.stages.find(
    (s) => s.key === rule.escalateTo,
  )?.label;
  const letter = rule.letters.find((l) => l.outcome === outcome);
  const mayGoUnwritten = rule.noLetterOutcomes.includes(outcome);
  const consultees = [
    ...new Set([...rule.consultations, ...(noLetter ? rule.noLetterConsultations : [])]),
  ];
  const withMeasures = outcome === 'vary' || outcome === 'escalate';
  const submit = () =>
    form.submit(async () => {
      const result = await request(RecordReviewDocument, {
        input: {
          caseId: c.id,
          expectedCaseVersion: c.version,
          outcome: outcome.toUpperCase() as ReviewOutcome,
          note,
          ...(outcome === 'extend' && rule.extendRequiresCustomerComment
            ? { customerInvitedToComment: invited }
            : {}),
          ...((outcome === 'extend' || withMeasures) && months
            ? { durationMonths: Number(months) }
            : {}),
          ...(withMeasures
            ? {
                restrictions: measures.map((m) => ({
                  type: m.type,
                  parametersJson: toParametersJson(m, council),
                })),
              }
            : {}),
          ...(mayGoUnwritten && noLetter ? { noLetter: true, noLetterReasons } : {}),
        },
      });
      setDone(
        result.recordReview.proposal
          ? 'Review recorded: the escalation is proposed and waits for its approval.'
          : result.recordReview.letter
            ? 'Review recorded; its letter is drafted below.'
            : 'Review recorded.',
      );
      setNote('');
      reload();
    });
  if (!mayAct(council, rule.reviewers))
    return (
      <Section id="review" title="Review">
        <p className="govuk-body">
          Reviews at this stage are recorded by{' '}
          {rule.reviewers.map((r) => roleLabel(council, r)).join(' or ')}. Next review due{' '}
          {formatDate(c.reviewDueAt)}.
        </p>
      </Section>
    );
  return (
    <Section id="review" title="Record a review">
      {done && <Success>{done}</Success>}
      <p className="govuk-body">Next review due {formatDate(c.reviewDueAt)}.</p>
      {consultees.length > 0 && (
        <>
          <h3 className="govuk-heading-s">Consultations for this review</h3>
          <p className="govuk-body">
            The policy requires {consultees.map((r) => roleLabel(council, r)).join(' and ')} to be
            consulted first.
          </p>
          <ConsultationForm
            id="review-consultation"
            c={c}
            subject="REVIEW"
            roles={consultees}
            reload={reload}
          />
        </>
      )}
      <Form form={form}>
        <Radios
          id="review-outcome"
          legend="Outcome"
          apiField="input.outcome"
          value={outcome}
          onChange={setOutcome}
          options={rule.outcomes.map((o) => ({
            value: o,
            label:
              o === 'escalate' && escalateLabel
                ? `Escalate to ${escalateLabel}`
                : (REVIEW_OUTCOME_WORDS[o] ?? o),
            hint: rule.letters.find((l) => l.outcome === o)
              ? `Letter: ${rule.letters.find((l) => l.outcome === o)!.title}`
              : 'No letter',
          }))}
        />
        {outcome === 'extend' && (
          <>
            <TextInput
              id="review-months"
              label="Months to add"
              hint={
                stage?.defaultMonths
                  ? `Leave blank for the policy’s ${stage.defaultMonths} months.`
                  : undefined
              }
              width="3"
              value={months}
              onChange={(v) => setMonths(v.replace(/\D/g, ''))}
              apiField="input.durationMonths"
            />
            {rule.extendRequiresCustomerComment && (
              <Checkbox
                id="review-invited"
                label="The customer was told the reasons and invited to comment"
                checked={invited}
                onChange={setInvited}
              />
            )}
          </>
        )}
        {withMeasures && (
          <MeasuresAndMonths
            id="review"
            stageKey={outcome === 'escalate' ? (rule.escalateTo ?? c.stage) : c.stage}
            measures={measures}
            onMeasures={setMeasures}
            months={months}
            onMonths={setMonths}
          />
        )}
        <TextArea
          id="review-note"
          label="Reasons"
          hint="Why this outcome; the review letter gives them to the customer."
          rows={3}
          value={note}
          onChange={setNote}
          apiField="input.note"
        />
        {outcome && (
          <p className="govuk-body" data-testid="review-letter">
            {letter ? `Letter to be drafted: ${letter.title}.` : 'The policy writes no letter.'}
          </p>
        )}
        {mayGoUnwritten && letter && (
          <>
            <Checkbox
              id="review-no-letter"
              label="Do not write to the customer"
              checked={noLetter}
              onChange={setNoLetter}
            />
            {noLetter && (
              <TextArea
                id="review-no-letter-reasons"
                label="Why no letter"
                rows={2}
                value={noLetterReasons}
                onChange={setNoLetterReasons}
                apiField="input.noLetterReasons"
              />
            )}
          </>
        )}
        <Button onClick={() => void submit()}>Record the review</Button>
      </Form>
    </Section>
  );
}

const APPEAL_OUTCOMES = [
  { value: 'DISMISSED', label: 'Dismissed: the decision stands' },
  { value: 'UPHELD', label: 'Upheld: the measures of the decision are lifted' },
  { value: 'VARIED', label: 'Varied: the decision stands with changed measures' },
];

/** Appeals: lodge one against a decision, and decide those lodged. */
export function Appeals({ c, reload }: { c: CaseDetail; reload(): void }) {
  const council = useCouncil();
  const stageLabel = (k?: string | null) =>
    council.policyCatalogue.stages.find((s) => s.key === k)?.label ?? k ?? '';
  const decisions = c.decisions.filter((d) => d.kind !== 'automatic');
  const decisionLabel = (id: string) => {
    const d = c.decisions.find((x) => x.id === id);
    return d
      ? `${formatDate(d.decidedAt)}: ${stageLabel(d.fromStage)} → ${stageLabel(d.toStage)}`
      : id;
  };
  if (decisions.length === 0 && c.appeals.length === 0) return null;
  return (
    <Section id="appeals" title="Appeals">
      {c.appeals.map((a) => (
        <div className="govuk-summary-card" key={a.id}>
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              Appeal against {decisionLabel(a.decisionId)}{' '}
              <Tag colour={a.status === 'lodged' ? 'yellow' : 'grey'}>{a.status}</Tag>
            </h3>
          </div>
          <div className="govuk-summary-card__content">
            <p className="govuk-body">
              Lodged {formatDate(a.lodgedAt)}. Grounds: {a.grounds}
            </p>
            {a.note && <p className="govuk-body">Decision: {a.note}</p>}
            {a.status === 'lodged' && <DecideAppeal c={c} appealId={a.id} reload={reload} />}
          </div>
        </div>
      ))}
      {decisions.length > 0 && <LodgeAppeal c={c} reload={reload} label={decisionLabel} />}
    </Section>
  );
}

function LodgeAppeal(props: { c: CaseDetail; reload(): void; label(id: string): string }) {
  const decisions = props.c.decisions.filter((d) => d.kind !== 'automatic');
  const [decisionId, setDecisionId] = useState(decisions[0]?.id ?? '');
  const [grounds, setGrounds] = useState('');
  const form = useForm();
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Lodge an appeal</span>
      </summary>
      <div className="govuk-details__text">
        <Form form={form}>
          <Select
            id="appeal-decision"
            label="The decision appealed"
            value={decisionId}
            options={decisions.map((d) => ({ value: d.id, label: props.label(d.id) }))}
            onChange={setDecisionId}
            apiField="input.decisionId"
          />
          <TextArea
            id="appeal-grounds"
            label="The customer’s grounds"
            rows={3}
            value={grounds}
            onChange={setGrounds}
            apiField="input.grounds"
          />
          <Button
            onClick={() =>
              void form
                .submit(() => request(LodgeAppealDocument, { input: { decisionId, grounds } }))
                .then((ok) => ok && props.reload())
            }
          >
            Lodge the appeal
          </Button>
        </Form>
      </div>
    </details>
  );
}

function DecideAppeal(props: { c: CaseDetail; appealId: string; reload(): void }) {
  const council = useCouncil();
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const [measures, setMeasures] = useState<MeasureChoice[]>([]);
  const [months, setMonths] = useState('');
  const form = useForm();
  const id = `appeal-${props.appealId}`;
  const submit = () =>
    form
      .submit(() =>
        request(DecideAppealDocument, {
          input: {
            appealId: props.appealId,
            expectedCaseVersion: props.c.version,
            outcome: outcome as AppealOutcome,
            note,
            ...(outcome === 'VARIED'
              ? {
                  restrictions: measures.map((m) => ({
                    type: m.type,
                    parametersJson: toParametersJson(m, council),
                  })),
                  ...(months ? { durationMonths: Number(months) } : {}),
                }
              : {}),
          },
        }),
      )
      .then((ok) => ok && props.reload());
  return (
    <Form form={form}>
      <Radios
        id={`${id}-outcome`}
        legend="Decide the appeal"
        value={outcome}
        options={APPEAL_OUTCOMES}
        onChange={setOutcome}
        apiField="input.outcome"
      />
      {outcome === 'VARIED' && (
        <MeasuresAndMonths
          id={id}
          stageKey={props.c.stage}
          measures={measures}
          onMeasures={setMeasures}
          months={months}
          onMonths={setMonths}
          monthsHint="Only when no measures remain in force."
        />
      )}
      <TextArea
        id={`${id}-note`}
        label="Reasons for the appeal decision"
        rows={3}
        value={note}
        onChange={setNote}
        apiField="input.note"
      />
      <Button onClick={() => void submit()}>Decide the appeal</Button>
    </Form>
  );
}

/** A customer's request to lift restrictions (when the policy has the route): record it, and decide it. */
export function Derestriction({ c, reload }: { c: CaseDetail; reload(): void }) {
  const council = useCouncil();
  const route = council.policyCatalogue.derestriction;
  const active = c.restrictions.filter((r) => r.status === 'active');
  if (!route || (active.length === 0 && c.derestrictionRequests.length === 0)) return null;
  const measureLabel = (id: string) => {
    const r = c.restrictions.find((x) => x.id === id);
    return council.policyCatalogue.measures.find((m) => m.key === r?.type)?.label ?? r?.type ?? id;
  };
  return (
    <Section id="derestriction" title="Requests to lift restrictions">
      <p className="govuk-body">
        Decided by {route.decidedBy.map((r) => roleLabel(council, r)).join(' or ')}.
      </p>
      {c.derestrictionRequests.map((d) => (
        <div className="govuk-summary-card" key={d.id}>
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              Request to lift: {measureLabel(d.restrictionId)}{' '}
              <Tag colour={d.status === 'pending' ? 'yellow' : 'grey'}>{d.status}</Tag>
            </h3>
          </div>
          <div className="govuk-summary-card__content">
            <p className="govuk-body">
              Made {formatDate(d.requestedAt)}
              {d.exceptional ? ' (exceptional circumstances)' : ''}: {d.reason}
            </p>
            {d.status === 'pending' && mayAct(council, route.decidedBy) && (
              <DecideDerestriction c={c} requestId={d.id} reload={reload} />
            )}
          </div>
        </div>
      ))}
      {active.length > 0 && (
        <RequestDerestriction
          c={c}
          reload={reload}
          exceptionalAllowed={route.exceptionalCircumstancesOverride}
          label={measureLabel}
        />
      )}
    </Section>
  );
}

function RequestDerestriction(props: {
  c: CaseDetail;
  reload(): void;
  exceptionalAllowed: boolean;
  label(id: string): string;
}) {
  const active = props.c.restrictions.filter((r) => r.status === 'active');
  const [restrictionId, setRestrictionId] = useState(active[0]?.id ?? '');
  const [reason, setReason] = useState('');
  const [exceptional, setExceptional] = useState(false);
  const form = useForm();
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record a request to lift a restriction</span>
      </summary>
      <div className="govuk-details__text">
        <Form form={form}>
          <Select
            id="derestriction-restriction"
            label="Which restriction"
            value={restrictionId}
            options={active.map((r) => ({ value: r.id, label: props.label(r.id) }))}
            onChange={setRestrictionId}
            apiField="input.restrictionId"
          />
          <TextArea
            id="derestriction-reason"
            label="What the customer asks, and why"
            rows={3}
            value={reason}
            onChange={setReason}
            apiField="input.reason"
          />
          {props.exceptionalAllowed && (
            <Checkbox
              id="derestriction-exceptional"
              label="Exceptional circumstances are recorded"
              checked={exceptional}
              onChange={setExceptional}
            />
          )}
          <Button
            onClick={() =>
              void form
                .submit(() =>
                  request(RequestDerestrictionDocument, {
                    input: { restrictionId, reason, exceptional },
                  }),
                )
                .then((ok) => ok && props.reload())
            }
          >
            Record the request
          </Button>
        </Form>
      </div>
    </details>
  );
}

function DecideDerestriction(props: { c: CaseDetail; requestId: string; reload(): void }) {
  const [grant, setGrant] = useState('');
  const [note, setNote] = useState('');
  const form = useForm();
  const council = useCouncil();
  const route = council.policyCatalogue.derestriction;
  const id = `derestriction-${props.requestId}`;
  return (
    <>
      <h4 className="govuk-heading-s">Consultations</h4>
      <p className="govuk-body">
        {route?.consultations.length
          ? `The policy requires ${route.consultations.map((r) => roleLabel(council, r)).join(' and ')} to be consulted before the decision.`
          : route?.minConsultations
            ? `Record who you consulted and what they advised before deciding (at least ${route.minConsultations}).`
            : 'Record anyone you consulted and what they advised.'}
      </p>
      <ConsultationForm
        id={`${id}-consultation`}
        c={props.c}
        subject="DERESTRICTION"
        roles={council.policyCatalogue.derestriction?.consultations ?? []}
        derestrictionRequestId={props.requestId}
        reload={props.reload}
      />
      <Form form={form}>
        <Radios
          id={`${id}-grant`}
          legend="Decide the request"
          value={grant}
          options={[
            { value: 'yes', label: 'Grant: lift the restriction' },
            { value: 'no', label: 'Refuse: the restriction stays' },
          ]}
          onChange={setGrant}
          apiField="input.grant"
        />
        <TextArea
          id={`${id}-note`}
          label="Reasons"
          rows={3}
          value={note}
          onChange={setNote}
          apiField="input.note"
        />
        <Button
          onClick={() =>
            void form
              .submit(() =>
                request(DecideDerestrictionDocument, {
                  input: {
                    requestId: props.requestId,
                    expectedCaseVersion: props.c.version,
                    // Unchosen is refused by the API (never read as a refusal).
                    grant: (grant === '' ? null : grant === 'yes') as boolean,
                    note,
                  },
                }),
              )
              .then((ok) => ok && props.reload())
          }
        >
          Decide the request
        </Button>
      </Form>
    </>
  );
}

/**
 * Record who was consulted (the person consulted records it themselves, or
 * the decider names them) and what they advised, about the open proposal,
 * the next review or a request to lift restrictions. Where the policy names
 * no role (London §9: "such staff as he considers appropriate") any of the
 * council's roles may be chosen.
 */
export function ConsultationForm(props: {
  id: string;
  c: CaseDetail;
  subject: ConsultationSubject;
  roles: string[];
  derestrictionRequestId?: string;
  reload(): void;
}) {
  const council = useCouncil();
  const staff = useQuery(() => request(ColleaguesDocument), []);
  const roles =
    props.roles.length > 0 ? props.roles : council.policyCatalogue.roles.map((r) => r.key);
  const [consultee, setConsultee] = useState(roles[0] ?? '');
  const me = council.me.user.id;
  const [person, setPerson] = useState(mayAct(council, [consultee]) ? me : '');
  const [name, setName] = useState('');
  const [advice, setAdvice] = useState('');
  const form = useForm();
  const recorded = props.c.consultations.filter(
    (x) =>
      x.subject === props.subject &&
      (props.subject !== 'REVIEW' || !x.reviewId) &&
      (!props.derestrictionRequestId ||
        x.derestrictionRequestId === props.derestrictionRequestId) &&
      (props.subject !== 'PROPOSAL' || x.proposalId === props.c.openProposal?.id),
  );
  const colleagues = staff.data?.colleagues ?? [];
  const nameOf = (x: CaseDetail['consultations'][number]) =>
    x.consultedName ??
    colleagues.find((u) => u.id === x.consultedUserId)?.displayName ??
    roleLabel(council, x.consultee);
  const holders = colleagues.filter((u) => u.roles.includes(consultee));
  const chooseRole = (role: string) => {
    setConsultee(role);
    setPerson(mayAct(council, [role]) ? me : '');
  };
  const send = () => {
    if (!person)
      throw new ApiProblem(CHOOSE_PERSON, 'BAD_USER_INPUT', {
        'input.consultedUserId': CHOOSE_PERSON,
      });
    return request(RecordConsultationDocument, {
      input: {
        caseId: props.c.id,
        subject: props.subject,
        consultee,
        // Yourself: the API records the signed-in person.
        ...(person === NOT_ON_CONDUCT
          ? { consultedName: name.trim() }
          : person !== me
            ? { consultedUserId: person }
            : {}),
        ...(props.derestrictionRequestId
          ? { derestrictionRequestId: props.derestrictionRequestId }
          : {}),
        note: advice,
      },
    });
  };
  return (
    <div className="govuk-!-margin-bottom-4" data-testid={props.id}>
      {recorded.length > 0 && (
        <ul className="govuk-list govuk-list--bullet">
          {recorded.map((x) => (
            <li key={x.id}>
              {nameOf(x)} ({roleLabel(council, x.consultee)}), {formatDate(x.recordedAt)}: {x.note}
            </li>
          ))}
        </ul>
      )}
      <Form form={form}>
        <Select
          id={`${props.id}-consultee`}
          label="Role of the person consulted"
          value={consultee}
          options={roleOptions(council, roles)}
          onChange={chooseRole}
          apiField="input.consultee"
        />
        <Radios
          id={`${props.id}-person`}
          legend="Who was consulted"
          hint="The council’s staff who hold this role."
          value={person}
          options={[
            ...holders.map((u) => ({
              value: u.id,
              label: u.id === me ? `${u.displayName} (you)` : u.displayName,
            })),
            {
              value: NOT_ON_CONDUCT,
              label: 'Someone who does not use Conduct',
              conditional: (
                <TextInput
                  id={`${props.id}-name`}
                  label="Name of the person consulted"
                  value={name}
                  onChange={setName}
                  apiField="input.consultedName"
                />
              ),
            },
          ]}
          onChange={setPerson}
          apiField="input.consultedUserId"
        />
        <TextArea
          id={`${props.id}-advice`}
          label="What they advised"
          rows={2}
          value={advice}
          onChange={setAdvice}
          apiField="input.note"
        />
        <Button
          secondary
          onClick={() =>
            void form.submit(send).then((ok) => {
              if (!ok) return;
              setName('');
              setAdvice('');
              props.reload();
            })
          }
        >
          Record the consultation
        </Button>
      </Form>
    </div>
  );
}

const NOT_ON_CONDUCT = 'not-on-conduct';
const CHOOSE_PERSON = 'Choose who was consulted.';

const CHARACTERISTICS: { value: ProtectedCharacteristic; label: string }[] = [
  { value: 'AGE', label: 'Age' },
  { value: 'DISABILITY', label: 'Disability' },
  { value: 'GENDER_REASSIGNMENT', label: 'Gender reassignment' },
  { value: 'MARRIAGE_CIVIL_PARTNERSHIP', label: 'Marriage and civil partnership' },
  { value: 'PREGNANCY_MATERNITY', label: 'Pregnancy and maternity' },
  { value: 'RACE', label: 'Race' },
  { value: 'RELIGION_BELIEF', label: 'Religion or belief' },
  { value: 'SEX', label: 'Sex' },
  { value: 'SEXUAL_ORIENTATION', label: 'Sexual orientation' },
];

/** Protected characteristics the customer chose to give (Equality Act 2010), for the roles the council names. */
export function ProtectedCharacteristics({ c }: { c: CaseDetail }) {
  const loaded = useQuery(
    () => request(CharacteristicsDocument, { customerId: c.customer.id }),
    [c.customer.id],
  );
  const [characteristic, setCharacteristic] = useState<string>('AGE');
  const [value, setValue] = useState('');
  const form = useForm();
  // Only the council's equality readers may see them: for anyone else the section is not shown.
  if (!loaded.data) return null;
  const label = (k: string) => CHARACTERISTICS.find((x) => x.value === k)?.label ?? k;
  const record = (which: string, v: string | null) =>
    form
      .submit(() =>
        request(RecordCharacteristicDocument, {
          customerId: c.customer.id,
          characteristic: which as ProtectedCharacteristic,
          value: v,
        }),
      )
      .then((ok) => {
        if (ok) {
          setValue('');
          loaded.reload();
        }
      });
  return (
    <Section id="characteristics" title="Protected characteristics">
      <p className="govuk-body">
        Only what the customer chose to tell us, for equality monitoring. Never a reason for a
        decision.
      </p>
      <ul className="govuk-list" data-testid="characteristics">
        {loaded.data.protectedCharacteristics.map((p) => (
          <li key={p.characteristic}>
            {label(p.characteristic)}: {p.value}{' '}
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() => void record(p.characteristic, null)}
            >
              Remove<span className="govuk-visually-hidden"> {label(p.characteristic)}</span>
            </button>
          </li>
        ))}
        {loaded.data.protectedCharacteristics.length === 0 && <li>None recorded.</li>}
      </ul>
      <Form form={form}>
        <Select
          id="characteristic"
          label="Characteristic"
          value={characteristic}
          options={CHARACTERISTICS}
          onChange={setCharacteristic}
          apiField="characteristic"
        />
        <TextInput
          id="characteristic-value"
          label="As the customer gave it"
          value={value}
          onChange={setValue}
          apiField="value"
        />
        <Button secondary onClick={() => void record(characteristic, value)}>
          Record the characteristic
        </Button>
      </Form>
    </Section>
  );
}

/** Third-party names and staff names withheld from the customer's evidence packs. */
export function Redaction({ c }: { c: CaseDetail }) {
  const loaded = useQuery(
    () => request(RedactionMarksDocument, { customerId: c.customer.id }),
    [c.customer.id],
  );
  const [term, setTerm] = useState('');
  const [category, setCategory] = useState('third-party');
  const [reason, setReason] = useState('');
  const form = useForm();
  if (!loaded.data) return null;
  const mark = () =>
    form
      .submit(() =>
        request(MarkRedactionDocument, {
          input: { customerId: c.customer.id, caseId: c.id, term, category, reason },
        }),
      )
      .then((ok) => {
        if (ok) {
          setTerm('');
          setReason('');
          loaded.reload();
        }
      });
  return (
    <Section id="redaction" title="Withheld from evidence packs">
      <ul className="govuk-list" data-testid="redaction-marks">
        {loaded.data.redactionMarks.map((m) => (
          <li key={m.id}>
            “{m.term}” ({m.category === 'staff-name' ? 'a member of staff' : 'a third party'}):{' '}
            {m.reason}{' '}
            <button
              type="button"
              className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
              onClick={() =>
                void form
                  .submit(() => request(RemoveRedactionDocument, { id: m.id }))
                  .then((ok) => ok && loaded.reload())
              }
            >
              Remove<span className="govuk-visually-hidden"> “{m.term}”</span>
            </button>
          </li>
        ))}
        {loaded.data.redactionMarks.length === 0 && <li>Nothing is withheld.</li>}
      </ul>
      <Form form={form}>
        <TextInput
          id="redaction-term"
          label="Text to withhold"
          hint="For example a neighbour’s name in a contact note."
          value={term}
          onChange={setTerm}
          apiField="input.term"
        />
        <Radios
          id="redaction-category"
          legend="Whose data it is"
          value={category}
          options={[
            { value: 'third-party', label: 'A third party' },
            { value: 'staff-name', label: 'A member of staff' },
          ]}
          onChange={setCategory}
          apiField="input.category"
        />
        <TextInput
          id="redaction-reason"
          label="Why"
          hint="Shown in the pack’s list of what was withheld."
          value={reason}
          onChange={setReason}
          apiField="input.reason"
        />
        <Button secondary onClick={() => void mark()}>
          Withhold it
        </Button>
      </Form>
    </Section>
  );
}
