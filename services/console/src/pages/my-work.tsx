import { Link } from 'react-router';
import { request, useQuery } from '../api';
import { graphql } from '../gql';
import { Page, Pending, Tag, formatDate } from '../ui';

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
              <ul className="govuk-list">
                {d.myNotifications.edges.map((e) => (
                  <li key={e.node.id}>
                    {!e.node.readAt && <Tag colour="blue">New</Tag>}{' '}
                    <Link className="govuk-link" to={`/cases/${e.node.caseId}`}>
                      {e.node.title}
                    </Link>
                    : {e.node.body}
                  </li>
                ))}
                {d.myNotifications.edges.length === 0 && <li>None.</li>}
              </ul>
              <h2 className="govuk-heading-m">Filed correspondence to confirm</h2>
              <ul className="govuk-list">
                {(filed.data?.filedCorrespondence.edges ?? []).map((e) => (
                  <li key={e.node.id}>
                    <Link className="govuk-link" to={`/cases/${e.node.caseId}`}>
                      {e.node.caseReference}
                    </Link>{' '}
                    received {formatDate(e.node.receivedAt)}, confirm by{' '}
                    {formatDate(e.node.reviewDueAt)}
                  </li>
                ))}
                {!filed.data?.filedCorrespondence.edges.length && <li>None.</li>}
              </ul>
            </>
          );
        }}
      </Pending>
    </Page>
  );
}
