import { useState } from 'react';
import { request, useQuery } from '../api';
import { roleLabel, useCouncil } from '../council';
import { graphql } from '../gql';
import type { PolicyCheckQuery, PolicyDiffQuery } from '../gql/graphql';
import {
  Button,
  Checkboxes,
  Form,
  Page,
  Pending,
  Success,
  Tag,
  TextArea,
  TextInput,
  formatDate,
  useForm,
  catalogueOptions,
} from '../ui';

const AdminDocument = graphql(`
  query Admin {
    staffUsers(includeInactive: true) {
      id
      email
      displayName
      roles
      active
      kind
      deactivationPending
      pendingRoles
    }
    apiKeys {
      id
      name
      prefix
      roles
      status
      expiresAt
    }
    policyVersions {
      id
      version
      status
      awaitingApproval
      createdAt
      activatedAt
      sourceText
    }
  }
`);

const InviteDocument = graphql(`
  mutation InviteUser($input: InviteUserInput!) {
    inviteUser(input: $input) {
      id
    }
  }
`);
const AssignRolesDocument = graphql(`
  mutation AssignRoles($userId: ID!, $roles: [String!]!) {
    assignRoles(userId: $userId, roles: $roles) {
      id
      roles
    }
  }
`);
const DeactivateDocument = graphql(`
  mutation DeactivateUser($userId: ID!) {
    deactivateUser(userId: $userId) {
      id
      active
      deactivationPending
    }
  }
`);
const ReactivateDocument = graphql(`
  mutation ReactivateUser($userId: ID!) {
    reactivateUser(userId: $userId) {
      id
      active
    }
  }
`);
const CreateKeyDocument = graphql(`
  mutation CreateApiKey($input: CreateApiKeyInput!) {
    createApiKey(input: $input) {
      secret
      apiKey {
        id
      }
    }
  }
`);
const RevokeKeyDocument = graphql(`
  mutation RevokeApiKey($id: ID!) {
    revokeApiKey(id: $id) {
      id
      status
    }
  }
`);
const CreateDraftDocument = graphql(`
  mutation CreatePolicyDraft($input: PolicyDraftInput!) {
    createPolicyDraft(input: $input) {
      id
    }
  }
`);
const UpdateDraftDocument = graphql(`
  mutation UpdatePolicyDraft($id: ID!, $input: PolicyDraftInput!) {
    updatePolicyDraft(id: $id, input: $input) {
      id
    }
  }
`);
const CheckDocument = graphql(`
  query PolicyCheck($id: ID!) {
    validatePolicyDraft(id: $id) {
      valid
      errors {
        line
        path
        message
      }
    }
  }
`);
/** Only for a valid draft: the API describes changes between valid policies. */
const DiffDocument = graphql(`
  query PolicyDiff($id: ID!) {
    policyDiff(id: $id) {
      path
      description
    }
  }
`);
const ActivateDocument = graphql(`
  mutation ActivatePolicyVersion($id: ID!) {
    activatePolicyVersion(id: $id) {
      id
      status
      awaitingApproval
    }
  }
`);

/** Tenant admin: users and roles, API keys, policy drafts checked line by line and activated with a second admin. */
export function AdminPage() {
  const loaded = useQuery(() => request(AdminDocument), []);
  return (
    <Page title="Tenant admin">
      <Pending loaded={loaded}>
        {(d) => (
          <>
            <Users users={d.staffUsers} reload={loaded.reload} />
            <ApiKeys keys={d.apiKeys} reload={loaded.reload} />
            <Policies versions={d.policyVersions} reload={loaded.reload} />
          </>
        )}
      </Pending>
    </Page>
  );
}

type AdminData = NonNullable<
  ReturnType<typeof useQuery<import('../gql/graphql').AdminQuery>>['data']
>;

function roleOptions(council: ReturnType<typeof useCouncil>) {
  return [
    ...catalogueOptions(council.policyCatalogue.roles),
    { value: 'tenant-admin', label: 'Tenant administrator' },
  ];
}

function Users(props: { users: AdminData['staffUsers']; reload(): void }) {
  const council = useCouncil();
  const [email, setEmail] = useState('');
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const form = useForm();
  const invite = () =>
    form.submit(async () => {
      await request(InviteDocument, { input: { email, displayName: name, roles } });
      setEmail('');
      setName('');
      setRoles([]);
      props.reload();
    });
  return (
    <section aria-labelledby="users-heading">
      <h2 className="govuk-heading-m" id="users-heading">
        Users and roles
      </h2>
      <div className="conduct-table-wrapper">
        <table className="govuk-table">
          <caption className="govuk-table__caption govuk-visually-hidden">Users</caption>
          <thead className="govuk-table__head">
            <tr className="govuk-table__row">
              <th scope="col" className="govuk-table__header">
                Name
              </th>
              <th scope="col" className="govuk-table__header">
                Roles
              </th>
              <th scope="col" className="govuk-table__header">
                Status
              </th>
            </tr>
          </thead>
          <tbody className="govuk-table__body">
            {props.users.map((u) => (
              <tr className="govuk-table__row" key={u.id}>
                <td className="govuk-table__cell">
                  {u.displayName}
                  <br />
                  <span className="govuk-body-s">{u.email}</span>
                </td>
                <td className="govuk-table__cell">
                  {u.roles.map((r) => roleLabel(council, r)).join(', ')}
                  {u.pendingRoles && (
                    <p className="govuk-body-s govuk-!-margin-bottom-0">
                      <Tag colour="yellow">Waiting for a second admin</Tag> to become{' '}
                      {u.pendingRoles.map((r) => roleLabel(council, r)).join(', ')}
                    </p>
                  )}
                  <RolesEditor userId={u.id} roles={u.roles} reload={props.reload} />
                </td>
                <td className="govuk-table__cell" data-testid={`status-${u.email}`}>
                  <UserStatus user={u} reload={props.reload} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <h3 className="govuk-heading-s">Invite a member of staff</h3>
      <Form form={form}>
        <TextInput
          id="invite-name"
          label="Name"
          value={name}
          onChange={setName}
          apiField="input.displayName"
        />
        <TextInput
          id="invite-email"
          label="Work email"
          type="email"
          value={email}
          onChange={setEmail}
          apiField="input.email"
        />
        <Checkboxes
          id="invite-roles"
          legend="Roles"
          options={roleOptions(council)}
          values={roles}
          onChange={setRoles}
          apiField="input.roles"
        />
        <Button onClick={() => void invite()}>Invite</Button>
      </Form>
    </section>
  );
}

/**
 * Active or not, and the button that changes it. Removing a tenant admin (and,
 * where the policy says so, reactivating) waits for a second admin: the same
 * button pressed by another admin approves it.
 */
function UserStatus(props: { user: AdminData['staffUsers'][number]; reload(): void }) {
  const u = props.user;
  const form = useForm();
  const [waiting, setWaiting] = useState(false);
  const change = (active: boolean) =>
    form
      .submit(async () => {
        const result = active
          ? (await request(ReactivateDocument, { userId: u.id })).reactivateUser
          : (await request(DeactivateDocument, { userId: u.id })).deactivateUser;
        // The API answers the user as they stand: unchanged means a second admin must approve.
        setWaiting(result.active !== active);
      })
      .then((ok) => ok && props.reload());
  return (
    <Form form={form}>
      {u.active ? <Tag colour="green">Active</Tag> : <Tag colour="grey">Deactivated</Tag>}
      {(u.deactivationPending || waiting) && (
        <p className="govuk-body-s govuk-!-margin-top-2 govuk-!-margin-bottom-2">
          <Tag colour="yellow">Waiting for a second admin</Tag>
        </p>
      )}{' '}
      <button
        type="button"
        className={`govuk-button govuk-!-margin-bottom-0 govuk-button--${u.active ? 'warning' : 'secondary'}`}
        onClick={() => void change(!u.active)}
      >
        {u.active ? 'Deactivate' : 'Reactivate'}
        <span className="govuk-visually-hidden"> {u.displayName}</span>
      </button>
    </Form>
  );
}

function RolesEditor(props: { userId: string; roles: string[]; reload(): void }) {
  const council = useCouncil();
  const [roles, setRoles] = useState(props.roles);
  const form = useForm();
  return (
    <details className="govuk-details govuk-!-margin-bottom-0">
      <summary className="govuk-details__summary">
        <span className="govuk-details__summary-text">Change roles</span>
      </summary>
      <div className="govuk-details__text">
        <Form form={form}>
          <Checkboxes
            id={`roles-${props.userId}`}
            legend="Roles"
            options={roleOptions(council)}
            values={roles}
            onChange={setRoles}
            apiField="roles"
          />
          <Button
            secondary
            onClick={() =>
              void form
                .submit(() => request(AssignRolesDocument, { userId: props.userId, roles }))
                .then((ok) => ok && props.reload())
            }
          >
            Save roles
          </Button>
        </Form>
      </div>
    </details>
  );
}

function ApiKeys(props: { keys: AdminData['apiKeys']; reload(): void }) {
  const council = useCouncil();
  const [name, setName] = useState('');
  const [roles, setRoles] = useState<string[]>([]);
  const [secret, setSecret] = useState<string>();
  const form = useForm();
  const create = () =>
    form.submit(async () => {
      const created = await request(CreateKeyDocument, { input: { name, roles } });
      setSecret(created.createApiKey.secret);
      props.reload();
    });
  return (
    <section aria-labelledby="keys-heading">
      <h2 className="govuk-heading-m" id="keys-heading">
        API keys
      </h2>
      <ul className="govuk-list">
        {props.keys.map((k) => (
          <li key={k.id}>
            {k.name} ({k.prefix}…) – {k.roles.join(', ')} – {k.status}, expires{' '}
            {formatDate(k.expiresAt)}{' '}
            {k.status === 'active' && (
              <button
                className="govuk-button govuk-button--warning govuk-!-margin-bottom-0"
                type="button"
                onClick={() =>
                  void form
                    .submit(() => request(RevokeKeyDocument, { id: k.id }))
                    .then((ok) => ok && props.reload())
                }
              >
                Revoke<span className="govuk-visually-hidden"> {k.name}</span>
              </button>
            )}
          </li>
        ))}
        {props.keys.length === 0 && <li>No API keys.</li>}
      </ul>
      {secret && (
        <div className="govuk-panel govuk-panel--confirmation">
          <h3 className="govuk-panel__title">Key created</h3>
          <div className="govuk-panel__body">
            Copy it now; it is not shown again: <code>{secret}</code>
          </div>
        </div>
      )}
      <Form form={form}>
        <TextInput
          id="key-name"
          label="Key name"
          value={name}
          onChange={setName}
          apiField="input.name"
        />
        <Checkboxes
          id="key-roles"
          legend="Roles the key acts with"
          options={roleOptions(council).filter((r) => r.value !== 'tenant-admin')}
          values={roles}
          onChange={setRoles}
          apiField="input.roles"
        />
        <Button onClick={() => void create()}>Create API key</Button>
      </Form>
    </section>
  );
}

type Check = PolicyCheckQuery & PolicyDiffQuery;

function Policies(props: { versions: AdminData['policyVersions']; reload(): void }) {
  const active = props.versions.find((v) => v.status === 'active');
  const drafts = props.versions.filter((v) => v.status === 'draft');
  const form = useForm();
  const start = () =>
    form.submit(async () => {
      await request(CreateDraftDocument, { input: { text: active?.sourceText ?? '' } });
      props.reload();
    });
  return (
    <section aria-labelledby="policy-heading">
      <h2 className="govuk-heading-m" id="policy-heading">
        Policy versions
      </h2>
      <ul className="govuk-list">
        {props.versions.map((v) => (
          <li key={v.id}>
            Version {v.version}:{' '}
            <Tag colour={v.status === 'active' ? 'green' : 'grey'}>{v.status}</Tag>
            {v.awaitingApproval && <Tag colour="yellow">Waiting for a second admin</Tag>}{' '}
            {v.activatedAt
              ? `activated ${formatDate(v.activatedAt)}`
              : `created ${formatDate(v.createdAt)}`}
          </li>
        ))}
      </ul>
      <Form form={form}>
        {drafts.length === 0 && (
          <Button secondary onClick={() => void start()}>
            Start a draft from the active policy
          </Button>
        )}
      </Form>
      {drafts.map((d) => (
        <DraftEditor
          key={d.id}
          id={d.id}
          version={d.version}
          text={d.sourceText}
          awaitingApproval={d.awaitingApproval}
          reload={props.reload}
        />
      ))}
    </section>
  );
}

/** The draft's text, the checker's messages at their lines, the changes in words, and activation. */
function DraftEditor(props: {
  id: string;
  version: number;
  text: string;
  awaitingApproval: boolean;
  reload(): void;
}) {
  const [text, setText] = useState(props.text);
  const [check, setCheck] = useState<Check>();
  const form = useForm();
  const [activated, setActivated] = useState<string>();
  const saveAndCheck = () =>
    form.submit(async () => {
      await request(UpdateDraftDocument, { id: props.id, input: { text } });
      const checked = await request(CheckDocument, { id: props.id });
      const diff = checked.validatePolicyDraft.valid
        ? (await request(DiffDocument, { id: props.id })).policyDiff
        : [];
      setCheck({ ...checked, policyDiff: diff });
    });
  const activate = () =>
    form.submit(async () => {
      const v = await request(ActivateDocument, { id: props.id });
      setActivated(
        v.activatePolicyVersion.awaitingApproval
          ? 'Activation requested: a second tenant administrator must now activate it too.'
          : 'The draft is now the active policy.',
      );
      props.reload();
    });
  const byLine = new Map<number, string[]>();
  for (const e of check?.validatePolicyDraft.errors ?? []) {
    if (e.line) byLine.set(e.line, [...(byLine.get(e.line) ?? []), `${e.path}: ${e.message}`]);
  }
  const unplaced = (check?.validatePolicyDraft.errors ?? []).filter((e) => !e.line);
  return (
    <div className="govuk-!-margin-top-6">
      <h3 className="govuk-heading-s">Draft version {props.version}</h3>
      {activated && <Success>{activated}</Success>}
      <Form form={form}>
        <TextArea
          id={`draft-${props.id}`}
          label="Policy text (YAML)"
          rows={20}
          value={text}
          onChange={setText}
          apiField="input.text"
        />
        <div className="govuk-button-group">
          <Button secondary onClick={() => void saveAndCheck()}>
            Save and check
          </Button>
          <Button onClick={() => void activate()}>
            {props.awaitingApproval ? 'Approve activation' : 'Activate'}
          </Button>
        </div>
      </Form>
      {check && (
        <>
          <h4 className="govuk-heading-s" aria-live="polite">
            {check.validatePolicyDraft.valid
              ? 'The checker found no problems.'
              : `The checker found ${check.validatePolicyDraft.errors.length} problem(s).`}
          </h4>
          {unplaced.map((e) => (
            <p className="conduct-line-message" key={e.path + e.message}>
              {e.path}: {e.message}
            </p>
          ))}
          {byLine.size > 0 && (
            <pre
              className="conduct-source"
              data-testid="checked-source"
              tabIndex={0}
              aria-label="The draft with the checker's messages at their lines"
            >
              {text.split('\n').map((line, i) => {
                // Each problem with three lines either side, not the whole policy.
                if (![...byLine.keys()].some((n) => Math.abs(n - (i + 1)) <= 3)) return null;
                const messages = byLine.get(i + 1);
                return (
                  <span
                    key={i}
                    className={`conduct-source__line${messages ? ' conduct-source__line--error' : ''}`}
                    data-line={i + 1}
                  >
                    {String(i + 1).padStart(4)} {line}
                    {messages?.map((m) => (
                      <span
                        key={m}
                        className="conduct-source__line conduct-line-message"
                        data-testid={`message-line-${i + 1}`}
                      >
                        {'     ↑ line '}
                        {i + 1}: {m}
                      </span>
                    ))}
                  </span>
                );
              })}
            </pre>
          )}
          <h4 className="govuk-heading-s">What changes, in words</h4>
          <ul className="govuk-list govuk-list--bullet">
            {check.policyDiff.map((c) => (
              <li key={c.path}>{c.description}</li>
            ))}
            {check.policyDiff.length === 0 && (
              <li>
                {check.validatePolicyDraft.valid
                  ? 'No changes from the active policy.'
                  : 'Shown once the draft is valid.'}
              </li>
            )}
          </ul>
        </>
      )}
    </div>
  );
}
