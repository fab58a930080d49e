import { useState } from 'react';
import { useParams } from 'react-router';
import { downloadFile, request, useQuery } from '../api';
import { roleLabel, useCouncil, type Council } from '../council';
import { graphql } from '../gql';
import type { CaseDetailQuery, LetterChannel } from '../gql/graphql';
import {
  Button,
  Checkbox,
  Checkboxes,
  Form,
  Page,
  Pending,
  Select,
  Success,
  SummaryList,
  Tag,
  TextArea,
  TextInput,
  formatDate,
  formatDateTime,
  useForm,
  catalogueOptions,
} from '../ui';
import {
  Appeals,
  ConsultationForm,
  Derestriction,
  ProtectedCharacteristics,
  Redaction,
  ReviewForm,
} from './case-forms';
import { LogContact } from './front-line';
import { MemberChoice, NextReviewForm } from './case-records';
import { MeasuresForm, type MeasureChoice, toRestrictionInputs } from './measures';

const CaseDocument = graphql(`
  query CaseDetail($id: ID!) {
    case(id: $id) {
      id
      reference
      stage
      stageLabel
      status
      version
      openedAt
      stageEnteredAt
      reviewDueAt
      closedAt
      customer {
        id
        fullName
        reference
        email
        phone
        address
        reasonableAdjustments
      }
      restrictions {
        id
        type
        parametersJson
        startsAt
        endsAt
        status
      }
      contacts {
        id
        occurredAt
        channel
        severity
        behaviourCategories
        description
      }
      decisions {
        id
        kind
        decidedAt
        fromStage
        toStage
        outcome
        participants {
          role
          step
        }
      }
      letters {
        id
        title
        status
        createdAt
        sentAt
        channels
        sections {
          key
          heading
          text
        }
      }
      reviews {
        id
        outcome
        reviewedAt
        note
        nextReviewDueAt
      }
      appeals {
        id
        decisionId
        status
        lodgedAt
        grounds
        note
        decidedAt
      }
      derestrictionRequests {
        id
        restrictionId
        status
        reason
        exceptional
        requestedAt
        decidedAt
      }
      consultations {
        id
        subject
        consultee
        consultedName
        consultedUserId
        note
        recordedAt
        proposalId
        reviewId
        derestrictionRequestId
      }
      checks {
        checkKey
        attestedAt
        note
      }
      openProposal {
        id
        toStage
        transitionKey
        rationale
        proposedAt
        durationMonths
        indefinite
        restrictions {
          type
          label
          parametersJson
        }
        steps {
          position
          step
          action
          role
          note
          actedAt
        }
        consultations {
          consultee
          consultedName
          recordedAt
          note
        }
      }
      availableActions {
        transitionKey
        label
        toStage
        toStageLabel
        allowed
        nextStep
        proposalId
        isSkip
        reasons {
          code
          message
        }
        whoMayAct {
          key
          label
        }
        requiredChecks {
          key
          label
          done
        }
        requiredConsultations {
          key
          label
          done
        }
      }
    }
  }
`);

const ProposeDocument = graphql(`
  mutation Propose($input: ProposeTransitionInput!) {
    proposeTransition(input: $input) {
      id
      status
    }
  }
`);

const ActDocument = graphql(`
  mutation ActOnProposal($input: ActOnProposalInput!) {
    actOnProposal(input: $input) {
      proposal {
        id
        status
      }
      outcome {
        case {
          id
          stage
        }
        letter {
          id
          title
        }
      }
    }
  }
`);

const AttestDocument = graphql(`
  mutation AttestCheck($input: AttestCheckInput!) {
    attestCheck(input: $input) {
      checkKey
    }
  }
`);

const MarkSentDocument = graphql(`
  mutation MarkLetterSent($letterId: ID!, $channels: [LetterChannel!], $sentAt: DateTimeISO) {
    markLetterSent(letterId: $letterId, channels: $channels, sentAt: $sentAt) {
      id
      status
      sentAt
    }
  }
`);

type CaseDetail = CaseDetailQuery['case'];
type Action = CaseDetail['availableActions'][number];

/** One case: who, where it stands, what is in force, what happened, and what may be done next. */
export function CasePage() {
  const { id = '' } = useParams();
  const council = useCouncil();
  const loaded = useQuery(() => request(CaseDocument, { id }), [id]);
  return (
    <Pending loaded={loaded}>
      {({ case: c }) => (
        <Page title={`Case ${c.reference}`} caption={c.customer.fullName ?? c.customer.reference}>
          <CaseSummary c={c} />
          <Actions c={c} reload={loaded.reload} />
          <ReviewForm c={c} reload={loaded.reload} />
          <NextReviewForm c={c} reload={loaded.reload} />
          <Letters c={c} reload={loaded.reload} />
          <Appeals c={c} reload={loaded.reload} />
          <Derestriction c={c} reload={loaded.reload} />
          <h2 className="govuk-heading-m">Log a contact</h2>
          <LogContact
            customerId={c.customer.id}
            caseId={c.id}
            chooseChannel
            channel={council.policyCatalogue.channels[0]?.key ?? ''}
            onLogged={loaded.reload}
          />
          <Timeline c={c} />
          <MemberChoice c={c} />
          <ProtectedCharacteristics c={c} />
          <Redaction c={c} />
          <h2 className="govuk-heading-m">Evidence pack</h2>
          <p className="govuk-body">
            Everything recorded about this case, for the customer, an appeal or the Ombudsman.
          </p>
          <DownloadButton
            path={`/documents/evidence-packs/case/${c.id}.pdf`}
            filename={`evidence-pack-${c.reference}.pdf`}
          >
            Download the evidence pack (PDF)
          </DownloadButton>
        </Page>
      )}
    </Pending>
  );
}

function CaseSummary({ c }: { c: CaseDetail }) {
  const council = useCouncil();
  const measureLabel = (type: string) =>
    council.policyCatalogue.measures.find((m) => m.key === type)?.label ?? type;
  return (
    <>
      <SummaryList
        rows={[
          ['Customer', `${c.customer.fullName ?? 'Name withheld'} (${c.customer.reference})`],
          [
            'Contact details',
            [c.customer.email, c.customer.phone, c.customer.address].filter(Boolean).join(', ') ||
              '—',
          ],
          [
            'Stage',
            <Tag colour="blue" key="stage">
              {c.stageLabel}
            </Tag>,
          ],
          ['Status', c.status],
          ['At this stage since', formatDate(c.stageEnteredAt)],
          ['Next review due', formatDate(c.reviewDueAt)],
          ...(c.customer.reasonableAdjustments
            ? ([['Reasonable adjustments', c.customer.reasonableAdjustments]] as [string, string][])
            : []),
        ]}
      />
      <h2 className="govuk-heading-m">Restrictions</h2>
      {c.restrictions.length === 0 ? (
        <p className="govuk-body">No restrictions are in force.</p>
      ) : (
        <div className="conduct-table-wrapper">
          <table className="govuk-table">
            <caption className="govuk-table__caption govuk-visually-hidden">Restrictions</caption>
            <thead className="govuk-table__head">
              <tr className="govuk-table__row">
                <th scope="col" className="govuk-table__header">
                  Measure
                </th>
                <th scope="col" className="govuk-table__header">
                  Details
                </th>
                <th scope="col" className="govuk-table__header">
                  From
                </th>
                <th scope="col" className="govuk-table__header">
                  Until
                </th>
                <th scope="col" className="govuk-table__header">
                  Status
                </th>
              </tr>
            </thead>
            <tbody className="govuk-table__body">
              {c.restrictions.map((r) => (
                <tr className="govuk-table__row" key={r.id}>
                  <td className="govuk-table__cell">{measureLabel(r.type)}</td>
                  <td className="govuk-table__cell">{describeParameters(r.parametersJson)}</td>
                  <td className="govuk-table__cell">{formatDate(r.startsAt)}</td>
                  <td className="govuk-table__cell">
                    {r.endsAt ? formatDate(r.endsAt) : 'Indefinite'}
                  </td>
                  <td className="govuk-table__cell">{r.status}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </>
  );
}

function describeParameters(json: string): string {
  try {
    const values = JSON.parse(json) as Record<string, unknown>;
    return (
      Object.entries(values)
        .map(
          ([k, v]) =>
            `${k}: ${Array.isArray(v) ? v.join(', ') : typeof v === 'object' ? JSON.stringify(v) : String(v)}`,
        )
        .join('; ') || '—'
    );
  } catch {
    return json;
  }
}

/** What the engine allows next, with its reasons why not, and the forms to do it. */
function Actions({ c, reload }: { c: CaseDetail; reload(): void }) {
  const council = useCouncil();
  return (
    <section aria-labelledby="actions-heading">
      <h2 className="govuk-heading-m" id="actions-heading">
        What can be done next
      </h2>
      {c.openProposal && <OpenProposal c={c} reload={reload} />}
      {c.availableActions.length === 0 && (
        <p className="govuk-body">The policy allows no further move from this stage.</p>
      )}
      {c.availableActions.map((a) => (
        <div className="govuk-summary-card" key={a.transitionKey}>
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              {a.label} <span className="govuk-visually-hidden">:</span>{' '}
              <Tag colour={a.allowed ? 'green' : 'grey'}>
                {a.allowed ? 'You may act' : 'Not now'}
              </Tag>
            </h3>
          </div>
          <div className="govuk-summary-card__content">
            <SummaryList
              rows={[
                ['Moves the case to', a.toStageLabel],
                [
                  'Next step',
                  a.nextStep
                    ? `${a.nextStep}, by ${a.whoMayAct.map((r) => r.label).join(' or ')}`
                    : '—',
                ],
              ]}
            />
            {a.reasons.length > 0 && (
              <>
                <h4 className="govuk-heading-s">Why not</h4>
                <ul
                  className="govuk-list govuk-list--bullet"
                  data-testid={`reasons-${a.transitionKey}`}
                >
                  {a.reasons.map((r) => (
                    <li key={r.code + r.message}>{r.message}</li>
                  ))}
                </ul>
              </>
            )}
            <Requirements c={c} action={a} reload={reload} />
            {!a.proposalId && !c.openProposal && (
              <ProposeForm c={c} action={a} council={council} reload={reload} />
            )}
          </div>
        </div>
      ))}
    </section>
  );
}

function Requirements({ c, action, reload }: { c: CaseDetail; action: Action; reload(): void }) {
  const missingChecks = action.requiredChecks.filter((r) => !r.done);
  const missingConsultations = action.requiredConsultations.filter((r) => !r.done);
  if (action.requiredChecks.length + action.requiredConsultations.length === 0) return null;
  return (
    <>
      <h4 className="govuk-heading-s">Checks and consultations the policy requires</h4>
      <ul className="govuk-list">
        {[...action.requiredChecks, ...action.requiredConsultations].map((r) => (
          <li key={r.key}>
            <Tag colour={r.done ? 'green' : 'yellow'}>{r.done ? 'Done' : 'To do'}</Tag> {r.label}
          </li>
        ))}
      </ul>
      {missingChecks.length > 0 && (
        <NoteForm
          id={`attest-${action.transitionKey}`}
          what="check"
          options={missingChecks}
          button="Record that this check is done"
          run={(key, note) =>
            request(AttestDocument, { input: { caseId: c.id, checkKey: key, note } })
          }
          fieldOfKey="input.checkKey"
          done={reload}
        />
      )}
      {missingConsultations.length > 0 && c.openProposal && (
        <ConsultationForm
          id={`consult-${action.transitionKey}`}
          c={c}
          subject="PROPOSAL"
          roles={missingConsultations.map((r) => r.key)}
          reload={reload}
        />
      )}
    </>
  );
}

function NoteForm(props: {
  id: string;
  what: string;
  options: { key: string; label: string }[];
  button: string;
  fieldOfKey: string;
  run(key: string, note: string): Promise<unknown>;
  done(): void;
}) {
  const [key, setKey] = useState(props.options[0]?.key ?? '');
  const [note, setNote] = useState('');
  const form = useForm();
  return (
    <div className="govuk-!-margin-bottom-4">
      <Form form={form}>
        <Select
          id={`${props.id}-key`}
          label={`Which ${props.what}`}
          value={key}
          options={catalogueOptions(props.options)}
          onChange={setKey}
          apiField={props.fieldOfKey}
        />
        <TextArea
          id={`${props.id}-note`}
          label="Note"
          rows={2}
          value={note}
          onChange={setNote}
          apiField="input.note"
        />
        <Button
          secondary
          onClick={() =>
            void form.submit(() => props.run(key, note)).then((ok) => ok && props.done())
          }
        >
          {props.button}
        </Button>
      </Form>
    </div>
  );
}

/** Propose a move: reasons in the customer's letter, and for a restriction the measures from the council's catalogue. */
function ProposeForm({
  c,
  action,
  council,
  reload,
}: {
  c: CaseDetail;
  action: Action;
  council: Council;
  reload(): void;
}) {
  const stage = council.policyCatalogue.stages.find((s) => s.key === action.toStage);
  const restricts = stage?.kind === 'restriction';
  const [rationale, setRationale] = useState('');
  const [measures, setMeasures] = useState<MeasureChoice[]>([]);
  const [months, setMonths] = useState(stage?.defaultMonths ? String(stage.defaultMonths) : '');
  const [indefinite, setIndefinite] = useState(false);
  const form = useForm();
  const id = (name: string) => `propose-${action.transitionKey}-${name}`;
  const submit = () =>
    form.submit(async () => {
      await request(ProposeDocument, {
        input: {
          caseId: c.id,
          toStage: action.toStage,
          transitionKey: action.transitionKey,
          rationale,
          evidenceContactIds: c.contacts.map((x) => x.id),
          ...(restricts
            ? {
                restrictions: toRestrictionInputs(measures, council),
                ...(indefinite
                  ? { indefinite: true }
                  : months
                    ? { durationMonths: Number(months) }
                    : {}),
              }
            : {}),
        },
      });
      reload();
    });
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Propose: {action.label}</span>
      </summary>
      <div className="govuk-details__text">
        <Form form={form}>
          <TextArea
            id={id('rationale')}
            label="Reasons"
            hint="In plain words: these go into the letter to the customer."
            value={rationale}
            onChange={setRationale}
            apiField="input.rationale"
          />
          <p className="govuk-body">
            All {c.contacts.length} logged contacts on this case are attached as evidence.
          </p>
          {restricts && (
            <>
              <MeasuresForm
                id={id('measures')}
                council={council}
                suggested={stage?.measures ?? []}
                value={measures}
                onChange={setMeasures}
                apiField="input.restrictions"
              />
              <TextInput
                id={id('months')}
                label="For how many months"
                hint={stage?.maxMonths ? `At most ${stage.maxMonths} months.` : undefined}
                width="3"
                value={months}
                onChange={setMonths}
                apiField="input.durationMonths"
              />
              {stage?.indefiniteAllowed && (
                <Checkbox
                  id={id('indefinite')}
                  label="Indefinitely"
                  checked={indefinite}
                  onChange={setIndefinite}
                />
              )}
            </>
          )}
          <Button onClick={() => void submit()}>Send the proposal</Button>
        </Form>
      </div>
    </details>
  );
}

/** The proposal waiting for a step: what it asks, who acted, and approve/recommend/reject with a note. */
function OpenProposal({ c, reload }: { c: CaseDetail; reload(): void }) {
  const council = useCouncil();
  const p = c.openProposal!;
  const action = c.availableActions.find((a) => a.proposalId === p.id);
  const [note, setNote] = useState('');
  const form = useForm();
  const [done, setDone] = useState<string>();
  const act = (kind: 'APPROVE' | 'RECOMMEND' | 'REJECT') =>
    form.submit(async () => {
      const result = await request(ActDocument, {
        // The case as this page read it: a decision since then is refused (CONFLICT), not repeated.
        input: { proposalId: p.id, action: kind, note, expectedCaseVersion: c.version },
      });
      setDone(
        result.actOnProposal.outcome
          ? `Decided: the case is now at ${result.actOnProposal.outcome.case.stage}.`
          : `Recorded: the proposal is ${result.actOnProposal.proposal.status}.`,
      );
      setNote('');
      reload();
    });
  return (
    <div className="govuk-summary-card" data-testid="open-proposal">
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">
          Open proposal: {action?.label ?? p.transitionKey}
        </h3>
      </div>
      <div className="govuk-summary-card__content">
        {done && <Success>{done}</Success>}
        <SummaryList
          rows={[
            ['Proposed', formatDateTime(p.proposedAt)],
            ['Reasons', p.rationale],
            [
              'Measures',
              p.restrictions.length
                ? p.restrictions
                    .map((r) => `${r.label} (${describeParameters(r.parametersJson)})`)
                    .join('; ')
                : '—',
            ],
            [
              'Period',
              p.indefinite ? 'Indefinite' : p.durationMonths ? `${p.durationMonths} months` : '—',
            ],
            [
              'Steps so far',
              p.steps
                .map((s) => `${s.step}: ${s.action} by ${roleLabel(council, s.role)}`)
                .join('; '),
            ],
            [
              'Consultations',
              p.consultations
                .map((x) =>
                  x.consultedName
                    ? `${x.consultedName} (${roleLabel(council, x.consultee)})`
                    : roleLabel(council, x.consultee),
                )
                .join(', ') || '—',
            ],
            [
              'Next step',
              action?.nextStep
                ? `${action.nextStep}, by ${action.whoMayAct.map((r) => r.label).join(' or ')}`
                : '—',
            ],
          ]}
        />
        <Form form={form}>
          <TextArea
            id="proposal-note"
            label="Your reasons for this step"
            rows={3}
            value={note}
            onChange={setNote}
            apiField="input.note"
          />
          <div className="govuk-button-group">
            {action?.nextStep === 'recommend' ? (
              <Button onClick={() => void act('RECOMMEND')}>Recommend</Button>
            ) : (
              <Button onClick={() => void act('APPROVE')}>Approve</Button>
            )}
            <Button warning onClick={() => void act('REJECT')}>
              Reject
            </Button>
          </div>
        </Form>
      </div>
    </div>
  );
}

function Letters({ c, reload }: { c: CaseDetail; reload(): void }) {
  const council = useCouncil();
  const sending = council.policyCatalogue.letterSending;
  const channelWords = (ch: LetterChannel) =>
    sending.channels.find((x) => x.channel === ch)?.label ?? ch;
  const maySend = sending.markedSentBy.length === 0 || mayRecordSent(council, sending.markedSentBy);
  if (c.letters.length === 0) return null;
  return (
    <section aria-labelledby="letters-heading">
      <h2 className="govuk-heading-m" id="letters-heading">
        Letters
      </h2>
      {c.letters.map((l) => (
        <div className="govuk-summary-card" key={l.id}>
          <div className="govuk-summary-card__title-wrapper">
            <h3 className="govuk-summary-card__title">
              {l.title}{' '}
              <Tag colour={l.status === 'sent' ? 'green' : 'yellow'}>
                {l.status === 'sent'
                  ? `Sent ${formatDate(l.sentAt)}${l.channels.length ? ` (${l.channels.map(channelWords).join(', ')})` : ''}`
                  : 'Draft'}
              </Tag>
            </h3>
          </div>
          <div className="govuk-summary-card__content">
            <details className="govuk-details">
              <summary className="govuk-details__summary">
                <span className="govuk-details__summary-text">Preview the letter</span>
              </summary>
              <div className="govuk-details__text">
                {l.sections.map((s) => (
                  <div key={s.key}>
                    <h4 className="govuk-heading-s">{s.heading}</h4>
                    {s.text
                      .split('\n')
                      .filter(Boolean)
                      .map((para, i) => (
                        <p className="govuk-body" key={i}>
                          {para}
                        </p>
                      ))}
                  </div>
                ))}
              </div>
            </details>
            <div className="govuk-button-group">
              <DownloadButton path={`/documents/letters/${l.id}.pdf`} filename={`${l.title}.pdf`}>
                Download the letter (PDF)
              </DownloadButton>
            </div>
            {l.status !== 'sent' &&
              (maySend ? (
                <MarkSentForm letterId={l.id} onSent={reload} />
              ) : (
                <p className="govuk-body">
                  {sending.markedSentBy.map((r) => roleLabel(council, r)).join(' or ')} record when
                  it is sent.
                </p>
              ))}
          </div>
        </div>
      ))}
    </section>
  );
}

/** A calendar day in the officer's own time zone, as a date input gives it. */
const dayOf = (d: Date) =>
  `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}-${String(d.getDate()).padStart(2, '0')}`;

/**
 * When a letter sent on `day` was sent: today is left to the server's clock (a browser's may run
 * ahead); an earlier day is its end, so never before a letter written that day. A later day is
 * sent as is, for the API to refuse.
 */
function sentAtOf(day: string): string | undefined {
  const now = new Date();
  if (!day || day === dayOf(now)) return undefined;
  const [y, m, d] = day.split('-').map(Number);
  const at = day < dayOf(now) ? new Date(y!, m! - 1, d!, 23, 59, 59) : new Date(y!, m! - 1, d!);
  return at.toISOString();
}

const mayRecordSent = (council: Council, roles: string[]) =>
  council.me.user.roles.some((r) => roles.includes(r));

/** How and when a draft letter went to the customer: the council's channels, its usual ones ticked. */
function MarkSentForm(props: { letterId: string; onSent(): void }) {
  const council = useCouncil();
  const offered = council.policyCatalogue.letterSending.channels;
  const form = useForm();
  const [channels, setChannels] = useState<string[]>(() =>
    offered.filter((c) => c.usual).map((c) => c.channel),
  );
  const [day, setDay] = useState(() => dayOf(new Date()));
  const id = `sent-${props.letterId}`;
  return (
    <Form
      form={form}
      onSubmit={() =>
        void form
          .submit(() =>
            request(MarkSentDocument, {
              letterId: props.letterId,
              channels: channels as LetterChannel[],
              sentAt: sentAtOf(day),
            }),
          )
          .then((ok) => ok && props.onSent())
      }
    >
      <Checkboxes
        id={`${id}-channels`}
        legend="How was it sent?"
        hint="The council’s usual way of sending letters is ticked."
        apiField="channels"
        options={offered.map((c) => ({
          value: c.channel,
          label: c.label,
          hint: c.usual ? 'Usual for this council' : undefined,
        }))}
        values={channels}
        onChange={setChannels}
      />
      <TextInput
        id={`${id}-date`}
        label="Date sent"
        type="date"
        width="10"
        value={day}
        onChange={setDay}
        apiField="sentAt"
      />
      <Button type="submit" secondary>
        Mark as sent
      </Button>
    </Form>
  );
}

export function DownloadButton(props: { path: string; filename: string; children: string }) {
  const form = useForm();
  return (
    <Form form={form}>
      <Button
        secondary
        onClick={() => void form.submit(() => downloadFile(props.path, props.filename))}
      >
        {props.children}
      </Button>
    </Form>
  );
}

/** Contacts, decisions, letters, reviews and appeals, newest first (MoJ timeline). */
function Timeline({ c }: { c: CaseDetail }) {
  const council = useCouncil();
  const channelLabel = (k: string) =>
    council.policyCatalogue.channels.find((x) => x.key === k)?.label ?? k;
  const stageLabel = (k?: string | null) =>
    council.policyCatalogue.stages.find((x) => x.key === k)?.label ?? k ?? '';
  const items = [
    ...c.contacts.map((x) => ({
      at: x.occurredAt,
      title: `Contact by ${channelLabel(x.channel)}`,
      text: `${x.severity}. ${x.description ?? ''}`,
    })),
    ...c.decisions.map((d) => ({
      at: d.decidedAt,
      title: `Decision: ${stageLabel(d.fromStage)} → ${stageLabel(d.toStage)}`,
      text: d.participants.map((p) => `${p.step} by ${roleLabel(council, p.role)}`).join('; '),
    })),
    ...c.letters.map((l) => ({
      at: l.sentAt ?? l.createdAt,
      title: `Letter ${l.status}: ${l.title}`,
      text: '',
    })),
    ...c.reviews.map((r) => ({ at: r.reviewedAt, title: `Review: ${r.outcome}`, text: r.note })),
    ...c.appeals.map((a) => ({
      at: a.decidedAt ?? a.lodgedAt,
      title: `Appeal ${a.status}`,
      text: a.grounds,
    })),
  ].sort((a, b) => b.at.localeCompare(a.at));
  return (
    <section aria-labelledby="timeline-heading">
      <h2 className="govuk-heading-m" id="timeline-heading">
        Timeline
      </h2>
      <div className="moj-timeline">
        {items.map((item, i) => (
          <div className="moj-timeline__item" key={i}>
            <div className="moj-timeline__header">
              <h3 className="moj-timeline__title">{item.title}</h3>
            </div>
            <p className="moj-timeline__date">
              <time dateTime={item.at}>{formatDateTime(item.at)}</time>
            </p>
            {item.text && (
              <div className="moj-timeline__description">
                <p className="govuk-body">{item.text}</p>
              </div>
            )}
          </div>
        ))}
      </div>
    </section>
  );
}
