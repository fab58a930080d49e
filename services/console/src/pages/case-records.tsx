import { useState } from 'react';
import { ApiProblem, request, useQuery } from '../api';
import { roleLabel, useCouncil } from '../council';
import { graphql } from '../gql';
import type { CaseDetailQuery } from '../gql/graphql';
import {
  Button,
  Form,
  Radios,
  Success,
  TextArea,
  TextInput,
  formatDate,
  formatDateTime,
  useForm,
} from '../ui';

type CaseDetail = CaseDetailQuery['case'];

const SetNextReviewDocument = graphql(`
  mutation SetNextReview($input: SetNextReviewInput!) {
    setNextReview(input: $input) {
      id
      reviewDueAt
    }
  }
`);

const MemberPreferencesDocument = graphql(`
  query MemberPreferences {
    memberPreferences {
      id
      memberName
      ward
      customerId
      optedIn
      updatedAt
    }
  }
`);

const SetMemberOptInDocument = graphql(`
  mutation SetMemberOptIn($input: SetMemberOptInInput!) {
    setMemberOptIn(input: $input) {
      id
      optedIn
    }
  }
`);

const day = (iso: string) => iso.slice(0, 10);
const addDays = (d: Date, n: number) => new Date(d.getTime() + n * 86_400_000);

/**
 * Set this case's next review date by hand (Southampton: "adjusted given the
 * personal circumstances"), where the stage's policy allows it, by the roles
 * it names and between the dates it allows; the reasons are kept on the case.
 */
export function NextReviewForm({ c, reload }: { c: CaseDetail; reload(): void }) {
  const council = useCouncil();
  const rule = council.policyCatalogue.stages.find((s) => s.key === c.stage)?.review
    ?.adjustableCadence;
  const [due, setDue] = useState('');
  const [reasons, setReasons] = useState('');
  const [done, setDone] = useState<string>();
  const form = useForm();
  if (!rule || c.status !== 'open') return null;
  if (!council.me.user.roles.some((r) => rule.setBy.includes(r))) return null;
  const earliest = day(addDays(new Date(), rule.minDays).toISOString());
  return (
    <section aria-labelledby="next-review-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="next-review-heading">
        Next review date
      </h2>
      <p className="govuk-body">
        Due {formatDate(c.reviewDueAt)}. The policy lets{' '}
        {rule.setBy.map((r) => roleLabel(council, r)).join(' or ')} set it between {rule.minDays}{' '}
        day(s) and {rule.maxMonths} month(s) from today.
      </p>
      {done && <Success>{done}</Success>}
      <Form
        form={form}
        onSubmit={() =>
          void form
            .submit(() =>
              request(SetNextReviewDocument, {
                input: {
                  caseId: c.id,
                  // Midday UTC: the same calendar day in London whatever the season.
                  dueAt: due ? `${due}T12:00:00.000Z` : '',
                  reasons,
                },
              }),
            )
            .then((ok) => {
              if (!ok) return;
              setDone(`Next review set for ${formatDate(`${due}T12:00:00.000Z`)}.`);
              setReasons('');
              reload();
            })
        }
      >
        <TextInput
          id="next-review-date"
          label="Next review on"
          hint={`From ${formatDate(earliest)}.`}
          type="date"
          width="10"
          value={due}
          onChange={setDue}
          apiField="input.dueAt"
        />
        <TextArea
          id="next-review-reasons"
          label="Why this date"
          hint="Kept on the case, e.g. the customer’s personal circumstances."
          rows={2}
          value={reasons}
          onChange={setReasons}
          apiField="input.reasons"
        />
        <Button type="submit" secondary busy={form.busy}>
          Set the next review date
        </Button>
      </Form>
    </section>
  );
}

/**
 * Elected members' choice for this customer's arrangement (Cheshire West Part
 * A §1), where the policy gives members a choice and lets it be given customer
 * by customer; their choice for every customer is kept elsewhere.
 */
export function MemberChoice({ c }: { c: CaseDetail }) {
  const council = useCouncil();
  const members = council.policyCatalogue.electedMembers;
  const choosing =
    members.perCustomer && (members.arrangement === 'opt-in' || members.arrangement === 'opt-out');
  if (!choosing) return null;
  return <MemberChoiceForm c={c} />;
}

const CHOOSE = 'Choose whether the member opts in or out.';

function MemberChoiceForm({ c }: { c: CaseDetail }) {
  const loaded = useQuery(() => request(MemberPreferencesDocument), []);
  const [name, setName] = useState('');
  const [ward, setWard] = useState('');
  const [choice, setChoice] = useState('');
  const [done, setDone] = useState<string>();
  const form = useForm();
  const mine = (loaded.data?.memberPreferences ?? []).filter((p) => p.customerId === c.customer.id);
  return (
    <section aria-labelledby="member-choice-heading" className="govuk-!-margin-bottom-6">
      <h2 className="govuk-heading-m" id="member-choice-heading">
        Elected members and this customer
      </h2>
      {mine.length > 0 ? (
        <ul className="govuk-list govuk-list--bullet" data-testid="member-choices">
          {mine.map((p) => (
            <li key={p.id}>
              {p.memberName}
              {p.ward ? ` (${p.ward})` : ''}: {p.optedIn ? 'opted in: told' : 'opted out: not told'}
              , {formatDateTime(p.updatedAt)}
            </li>
          ))}
        </ul>
      ) : (
        <p className="govuk-body">No member has given a choice for this customer.</p>
      )}
      {done && <Success>{done}</Success>}
      <Form
        form={form}
        onSubmit={() =>
          void form
            .submit(() => {
              if (!choice)
                throw new ApiProblem(CHOOSE, 'BAD_USER_INPUT', { 'input.optedIn': CHOOSE });
              return request(SetMemberOptInDocument, {
                input: {
                  customerId: c.customer.id,
                  memberName: name,
                  ...(ward.trim() ? { ward: ward.trim() } : {}),
                  optedIn: choice === 'in',
                },
              });
            })
            .then((ok) => {
              if (!ok) return;
              setDone(`${name}’s choice for this customer is recorded.`);
              setName('');
              setWard('');
              setChoice('');
              loaded.reload();
            })
        }
      >
        <TextInput
          id="member-name"
          label="Elected member’s name"
          value={name}
          onChange={setName}
          apiField="input.memberName"
        />
        <TextInput
          id="member-ward"
          label="Ward (optional)"
          value={ward}
          onChange={setWard}
          apiField="input.ward"
        />
        <Radios
          id="member-opted"
          legend="For this customer’s arrangement, the member"
          value={choice}
          options={[
            { value: 'in', label: 'Opts in: is told about it' },
            { value: 'out', label: 'Opts out: is not told about it' },
          ]}
          onChange={setChoice}
          apiField="input.optedIn"
        />
        <Button type="submit" secondary busy={form.busy}>
          Record the member’s choice
        </Button>
      </Form>
    </section>
  );
}
