import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { request, useQuery } from '../api';
import { useCouncil } from '../council';
import { graphql } from '../gql';
import type { FrontLineGuidanceQuery } from '../gql/graphql';
import {
  Button,
  Checkbox,
  Checkboxes,
  Form,
  Page,
  Select,
  Success,
  Tag,
  TextArea,
  TextInput,
  formatDate,
  useForm,
  catalogueOptions,
} from '../ui';

const GuidanceDocument = graphql(`
  query FrontLineGuidance($customerQuery: String!, $channel: String!) {
    contactGuidance(customerQuery: $customerQuery, channel: $channel) {
      customerId
      reference
      fullName
      channelLabel
      verdict
      allowed
      summary
      instructions
      filedWithoutReply
      newMattersAccepted
      details {
        cases {
          caseId
          reference
          stageLabel
          reviewDueAt
          restrictions {
            label
            startsAt
            endsAt
          }
        }
      }
    }
  }
`);

const CustomerCasesDocument = graphql(`
  query CustomerCases($customerId: ID!) {
    cases(filter: { customerId: $customerId }, first: 20) {
      edges {
        node {
          id
          reference
          stageLabel
          status
        }
      }
    }
  }
`);

const LogContactDocument = graphql(`
  mutation LogContact($input: LogContactInput!) {
    logContact(input: $input) {
      id
      occurredAt
      newIssue
    }
  }
`);

const NewCustomerDocument = graphql(`
  mutation NewCustomer($input: CreateCustomerInput!) {
    createCustomer(input: $input) {
      id
      reference
    }
  }
`);

const OpenCaseDocument = graphql(`
  mutation OpenCase($input: OpenCaseInput!) {
    openCase(input: $input) {
      id
      reference
    }
  }
`);

type Guidance = FrontLineGuidanceQuery['contactGuidance'][number];

/** "Who is calling?": find the customer, say plainly what to do on this channel, log the contact in one step. */
export function FrontLinePage() {
  const council = useCouncil();
  const channels = council.policyCatalogue.channels;
  const [channel, setChannel] = useState(channels[0]?.key ?? '');
  const [query, setQuery] = useState('');
  const [results, setResults] = useState<Guidance[]>();
  const form = useForm();
  const search = () => {
    setResults(undefined);
    void form.submit(async () => {
      const data = await request(GuidanceDocument, { customerQuery: query, channel });
      setResults(data.contactGuidance);
    });
  };
  return (
    <Page title="Who is contacting us?" caption="Front line">
      <Form form={form} onSubmit={search}>
        <Select
          id="channel"
          label="How are they contacting us?"
          value={channel}
          options={catalogueOptions(channels)}
          apiField="channel"
          onChange={setChannel}
        />
        <TextInput
          id="customer-query"
          label="Name, email, phone number or reference"
          hint="As you heard it: spelling mistakes are tolerated."
          value={query}
          apiField="customerQuery"
          onChange={setQuery}
        />
        <Button type="submit">Find</Button>
      </Form>
      {results && (
        <section aria-labelledby="results-heading">
          <h2 className="govuk-heading-m" id="results-heading" aria-live="polite">
            {results.length === 0
              ? 'No customer found'
              : `${results.length} ${results.length === 1 ? 'customer' : 'customers'} found`}
          </h2>
          {results.length === 0 && (
            <p className="govuk-body">
              No restrictions are recorded for anyone matching “{query}”: deal with the contact as
              usual.
            </p>
          )}
          {results.map((g) => (
            <GuidanceCard key={g.customerId} guidance={g} channel={channel} />
          ))}
        </section>
      )}
      <NewCustomer />
    </Page>
  );
}

function GuidanceCard(props: { guidance: Guidance; channel: string }) {
  const g = props.guidance;
  // The summary already says the first instruction when there is only one.
  const others = g.instructions.filter((i) => i !== g.summary);
  const verdictClass = { ALLOWED: 'allowed', CONDITIONS: 'conditions', NOT_ALLOWED: 'not-allowed' }[
    g.verdict
  ];
  return (
    <article className="govuk-!-margin-bottom-8" aria-labelledby={`customer-${g.customerId}`}>
      <h3 className="govuk-heading-m" id={`customer-${g.customerId}`}>
        {g.fullName ?? 'Name withheld'} <span className="govuk-caption-m">{g.reference}</span>
      </h3>
      <div
        className={`conduct-instruction conduct-instruction--${verdictClass}`}
        data-testid="instruction"
      >
        <p className="govuk-!-margin-top-0">
          {g.channelLabel}: {g.summary}
        </p>
        {others.length > 0 && (
          <ul className="govuk-list govuk-list--bullet govuk-!-margin-bottom-0">
            {others.map((i) => (
              <li key={i}>{i}</li>
            ))}
          </ul>
        )}
      </div>
      {g.newMattersAccepted && (
        <div className="govuk-inset-text" data-testid="new-matters">
          New matters are always accepted: a new complaint, an emergency or a safeguarding concern
          is taken and passed on, whatever the restrictions.
        </div>
      )}
      {g.filedWithoutReply && (
        <p className="govuk-body">
          Written items on this channel are read and filed without reply by the designated officer.
        </p>
      )}
      {g.details?.cases.map((c) => (
        <p className="govuk-body" key={c.caseId}>
          <Link className="govuk-link" to={`/cases/${c.caseId}`}>
            Case {c.reference}
          </Link>{' '}
          <Tag colour="blue">{c.stageLabel}</Tag> review due {formatDate(c.reviewDueAt)}
        </p>
      ))}
      <LogContact customerId={g.customerId} channel={props.channel} />
    </article>
  );
}

/** Log a contact in one step: what happened, how serious, and (optionally) the case it belongs to. */
export function LogContact(props: {
  customerId: string;
  channel: string;
  caseId?: string;
  /** On a case page the channel is not known yet: ask for it. */
  chooseChannel?: boolean;
  onLogged?(): void;
}) {
  const council = useCouncil();
  const cases = useQuery(
    () =>
      props.caseId
        ? Promise.resolve(undefined)
        : request(CustomerCasesDocument, { customerId: props.customerId }),
    [props.customerId, props.caseId],
  );
  const [caseId, setCaseId] = useState(props.caseId ?? '');
  const [channel, setChannel] = useState(props.channel);
  const [behaviours, setBehaviours] = useState<string[]>([]);
  const [severity, setSeverity] = useState('medium');
  const [description, setDescription] = useState('');
  const [newIssue, setNewIssue] = useState(false);
  const form = useForm();
  const [logged, setLogged] = useState<{ id: string; newIssue: boolean }>();
  const id = (name: string) => `${name}-${props.customerId}`;
  const submit = () =>
    form.submit(async () => {
      const data = await request(LogContactDocument, {
        input: {
          customerId: props.customerId,
          caseId: caseId || undefined,
          channel,
          occurredAt: new Date().toISOString(),
          behaviourCategories: behaviours,
          severity,
          description: description || undefined,
          newIssue,
        },
      });
      setLogged(data.logContact);
      setBehaviours([]);
      setDescription('');
      setNewIssue(false);
      props.onLogged?.();
    });
  const caseOptions =
    cases.data?.cases.edges.map((e) => ({
      value: e.node.id,
      label: `${e.node.reference} (${e.node.stageLabel})`,
    })) ?? [];
  return (
    <details className="govuk-details">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Log this contact</span>
      </summary>
      <div className="govuk-details__text">
        {logged && (
          <Success>
            {logged.newIssue
              ? 'Contact logged as a new issue: where measures are in force, the staff the policy names are told to reconsider them.'
              : 'Contact logged.'}
          </Success>
        )}
        <Form form={form}>
          {props.chooseChannel && (
            <Select
              id={id('channel')}
              label="How did they contact us?"
              value={channel}
              options={catalogueOptions(council.policyCatalogue.channels)}
              onChange={setChannel}
              apiField="input.channel"
            />
          )}
          {!props.caseId && caseOptions.length > 0 && (
            <Select
              id={id('case')}
              label="Case"
              value={caseId}
              placeholder="Not about a case"
              options={caseOptions}
              onChange={setCaseId}
              apiField="input.caseId"
            />
          )}
          <Checkboxes
            id={id('behaviours')}
            legend="What happened"
            hint="Choose any that apply; none is fine for an ordinary contact."
            options={catalogueOptions(council.policyCatalogue.behaviourCategories)}
            values={behaviours}
            apiField="input.behaviourCategories"
            onChange={setBehaviours}
          />
          <Select
            id={id('severity')}
            label="How serious"
            value={severity}
            options={council.policyCatalogue.severities.map((s) => ({
              value: s,
              label: s[0]!.toUpperCase() + s.slice(1),
            }))}
            apiField="input.severity"
            onChange={setSeverity}
          />
          <TextArea
            id={id('description')}
            label="What was said or done"
            value={description}
            apiField="input.description"
            onChange={setDescription}
          />
          <Checkbox
            id={id('new-issue')}
            label="They raised a new issue"
            hint="Not one already dealt with, e.g. a new complaint. It is taken whatever the restrictions."
            checked={newIssue}
            onChange={setNewIssue}
            apiField="input.newIssue"
          />
          <Button onClick={() => void submit()}>Log contact</Button>
        </Form>
      </div>
    </details>
  );
}

/** A customer not known yet: record them and open a case, then work it. */
function NewCustomer() {
  const navigate = useNavigate();
  const [fullName, setFullName] = useState('');
  const [email, setEmail] = useState('');
  const [phone, setPhone] = useState('');
  const form = useForm();
  const submit = () =>
    form.submit(async () => {
      const customer = await request(NewCustomerDocument, {
        input: { fullName, email: email || undefined, phone: phone || undefined },
      });
      const opened = await request(OpenCaseDocument, {
        input: { customerId: customer.createCustomer.id },
      });
      navigate(`/cases/${opened.openCase.id}`);
    });
  return (
    <details className="govuk-details govuk-!-margin-top-6">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Record a new customer and open a case</span>
      </summary>
      <div className="govuk-details__text">
        <Form form={form}>
          <TextInput
            id="new-full-name"
            label="Full name"
            value={fullName}
            onChange={setFullName}
            apiField="input.fullName"
          />
          <TextInput
            id="new-email"
            label="Email (optional)"
            type="email"
            value={email}
            onChange={setEmail}
            apiField="input.email"
          />
          <TextInput
            id="new-phone"
            label="Phone (optional)"
            type="tel"
            value={phone}
            onChange={setPhone}
            apiField="input.phone"
            width="20"
          />
          <Button onClick={() => void submit()}>Record customer and open case</Button>
        </Form>
      </div>
    </details>
  );
}
