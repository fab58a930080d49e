import { useState } from 'react';
import { Link } from 'react-router';
import { request, useQuery } from '../api';
import { graphql } from '../gql';
import type { FiledCorrespondenceOutcome } from '../gql/graphql';
import { Button, Form, Page, Pending, Radios, Tag, TextArea, formatDate, useForm } from '../ui';

const MyWorkDocument = graphql(`
  query MyWork($reviewsBefore: DateTimeISO!) {
    myNotifications(first: 10, unreadOnly: false) {
      totalCount
      edges {
        node {
          id
          title
          body
          caseId
          readAt
        }
      }
    }
    reviews: cases(first: 20, filter: { status: "open", reviewDueBefore: $reviewsBefore }) {
      edges {
        node {
          id
          reference
          stageLabel
          reviewDueAt
        }
      }
    }
  }
`);

/** Open cases with a proposal, and whether its next step is mine (a separate query: it costs more). */
const WaitingDocument = graphql(`
  query WaitingForMe {
    cases(first: 10, filter: { status: "open" }) {
      edges {
        node {
          id
          reference
          openProposal {
            id
          }
          availableActions {
            proposalId
            allowed
            label
          }
        }
      }
    }
  }
`);

const FiledDocument = graphql(`
  query FiledToConfirm {
    filedCorrespondence(first: 20, status: PENDING) {
      edges {
        node {
          id
          caseId
          caseReference
          receivedAt
          reviewDueAt
          summary
          status
        }
      }
    }
  }
`);

const MarkReadDocument = graphql(`
  mutation MarkNotificationRead($id: ID!) {
    markNotificationRead(id: $id) {
      id
      readAt
    }
  }
`);

const ConfirmFiledDocument = graphql(`
  mutation ConfirmFiledCorrespondence($id: ID!, $input: ConfirmFiledCorrespondenceInput!) {
    confirmFiledCorrespondence(id: $id, input: $input) {
      id
      status
    }
  }
`);

const FILED_OUTCOMES: { value: FiledCorrespondenceOutcome; label: string }[] = [
  { value: 'NO_NEW_INFORMATION', label: 'Nothing new: it stays filed without reply' },
  { value: 'NEW_INFORMATION', label: 'A new issue or new information: to be dealt with' },
  { value: 'SAFEGUARDING_CONCERN', label: 'A safeguarding concern: to be acted on at once' },
];

/** What is waiting for me: notifications, reviews due and overdue, proposals at my step, filed correspondence. */
export function MyWorkPage() {
  const soon = new Date(Date.now() + 30 * 86_400_000).toISOString();
  const loaded = useQuery(() => request(MyWorkDocument, { reviewsBefore: soon }), []);
  const waitingFor = useQuery(() => request(WaitingDocument), []);
  // Filed correspondence is only for the designated readers: a refusal just means none for me.
  const filed = useQuery(() => request(FiledDocument).catch(() => undefined), []);
  const now = new Date().toISOString();
  return (
    <Page title="My work">
      <Pending loaded={loaded}>
        {(d) => {
          const waiting = (waitingFor.data?.cases.edges ?? []).filter((e) =>
            e.node.availableActions.some((a) => a.proposalId && a.allowed),
          );
          return (
            <>
              <h2 className="govuk-heading-m">Proposals waiting for my step ({waiting.length})</h2>
              <ul className="govuk-list">
                {waiting.map((e) => (
                  <li key={e.node.id}>
                    <Link className="govuk-link" to={`/cases/${e.node.id}`}>
                      {e.node.reference}
                    </Link>{' '}
                    {e.node.availableActions.find((a) => a.proposalId)?.label}
                  </li>
                ))}
              </ul>
              <h2 className="govuk-heading-m">Reviews due in the next 30 days or overdue</h2>
              <ul className="govuk-list">
                {d.reviews.edges.map((e) => (
                  <li key={e.node.id}>
                    <Link className="govuk-link" to={`/cases/${e.node.id}`}>
                      {e.node.reference}
                    </Link>{' '}
                    {e.node.stageLabel}, due {formatDate(e.node.reviewDueAt)}{' '}
                    {e.node.reviewDueAt && e.node.reviewDueAt < now && (
                      <Tag colour="red">Overdue</Tag>
                    )}
                  </li>
                ))}
                {d.reviews.edges.length === 0 && <li>None.</li>}
              </ul>
              <h2 className="govuk-heading-m">Notifications ({d.myNotifications.totalCount})</h2>
              <Notifications
                notices={d.myNotifications.edges.map((e) => e.node)}
                reload={loaded.reload}
              />
              <h2 className="govuk-heading-m">Filed correspondence to confirm</h2>
              {(filed.data?.filedCorrespondence.edges ?? []).map((e) => (
                <FiledItem key={e.node.id} item={e.node} reload={filed.reload} />
              ))}
              {!filed.data?.filedCorrespondence.edges.length && <p className="govuk-body">None.</p>}
            </>
          );
        }}
      </Pending>
    </Page>
  );
}

type Notice = {
  id: string;
  title: string;
  body: string;
  caseId?: string | null;
  readAt?: string | null;
};

/** My notifications, newest first; each marked read once dealt with. */
function Notifications(props: { notices: Notice[]; reload(): void }) {
  const form = useForm();
  return (
    <Form form={form}>
      <ul className="govuk-list" data-testid="notifications">
        {props.notices.map((n) => (
          <li key={n.id}>
            {!n.readAt && <Tag colour="blue">New</Tag>}{' '}
            {n.caseId ? (
              <Link className="govuk-link" to={`/cases/${n.caseId}`}>
                {n.title}
              </Link>
            ) : (
              n.title
            )}
            : {n.body}{' '}
            {!n.readAt && (
              <button
                type="button"
                className="govuk-button govuk-button--secondary govuk-!-margin-bottom-0"
                onClick={() =>
                  void form
                    .submit(() => request(MarkReadDocument, { id: n.id }))
                    .then((ok) => ok && props.reload())
                }
              >
                Mark as read<span className="govuk-visually-hidden">: {n.title}</span>
              </button>
            )}
          </li>
        ))}
        {props.notices.length === 0 && <li>None.</li>}
      </ul>
    </Form>
  );
}

type Filed = {
  id: string;
  caseId: string;
  caseReference: string;
  receivedAt: string;
  reviewDueAt: string;
  summary?: string | null;
};

/** A filed item the designated officer reads and confirms: nothing new, new information, or a safeguarding concern. */
function FiledItem(props: { item: Filed; reload(): void }) {
  const f = props.item;
  const [outcome, setOutcome] = useState('');
  const [note, setNote] = useState('');
  const form = useForm();
  return (
    <div className="govuk-summary-card" data-testid="filed-item">
      <div className="govuk-summary-card__title-wrapper">
        <h3 className="govuk-summary-card__title">
          <Link className="govuk-link" to={`/cases/${f.caseId}`}>
            {f.caseReference}
          </Link>
          : received {formatDate(f.receivedAt)}, confirm by {formatDate(f.reviewDueAt)}
        </h3>
      </div>
      <div className="govuk-summary-card__content">
        {f.summary && <p className="govuk-body">{f.summary}</p>}
        <Form form={form}>
          <Radios
            id={`filed-${f.id}-outcome`}
            legend="Having read it"
            value={outcome}
            options={FILED_OUTCOMES}
            onChange={setOutcome}
            apiField="input.outcome"
          />
          <TextArea
            id={`filed-${f.id}-note`}
            label="Note (optional)"
            rows={2}
            value={note}
            onChange={setNote}
            apiField="input.note"
          />
          <Button
            onClick={() =>
              void form
                .submit(() =>
                  request(ConfirmFiledDocument, {
                    id: f.id,
                    input: {
                      outcome: outcome as FiledCorrespondenceOutcome,
                      note: note || undefined,
                    },
                  }),
                )
                .then((ok) => ok && props.reload())
            }
          >
            Confirm
          </Button>
        </Form>
      </div>
    </div>
  );
}
