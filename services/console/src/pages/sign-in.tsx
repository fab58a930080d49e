import { UserManager } from 'oidc-client-ts';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import { ApiProblem, asProblem, useQuery } from '../api';
import { keepToken } from '../session';
import { Button, ErrorSummary, Form, Page, Pending, Select, useForm } from '../ui';

interface SignInSettings {
  mode: 'development' | 'oidc';
  councils: { slug: string; authority: string; clientId: string; scope: string }[];
}

interface DemoCouncil {
  slug: string;
  name: string;
  users: { email: string; name: string; roles: string[] }[];
}

async function json<T>(path: string, init?: RequestInit): Promise<T> {
  const response = await fetch(path, init);
  const body = (await response.json().catch(() => ({}))) as T & {
    message?: string;
    code?: string;
    field?: string;
  };
  if (!response.ok)
    throw new ApiProblem(
      body.message ?? 'Sign-in failed.',
      body.code ?? 'HTTP',
      body.field ? { [body.field]: body.message ?? '' } : {},
    );
  return body;
}

const redirectUri = () => `${location.origin}/console/callback`;

/** Authorization Code with PKCE against the council's own identity provider (oidc-client-ts does the PKCE). */
function userManager(council: SignInSettings['councils'][number]): UserManager {
  return new UserManager({
    authority: council.authority,
    client_id: council.clientId,
    redirect_uri: redirectUri(),
    response_type: 'code',
    scope: council.scope,
    extraQueryParams: {},
  });
}

export function SignInPage() {
  const settings = useQuery(() => json<SignInSettings>('/console/sign-in-settings.json'), []);
  return (
    <Page title="Sign in">
      <Pending loaded={settings}>
        {(s) =>
          s.mode === 'development' ? <DemoSignIn /> : <CouncilSignIn councils={s.councils} />
        }
      </Pending>
    </Page>
  );
}

/** Development only: pick one of a council's demo users (the API refuses this in production). */
function DemoSignIn() {
  const navigate = useNavigate();
  const demo = useQuery(() => json<{ councils: DemoCouncil[] }>('/console/dev/users'), []);
  const [tenant, setTenant] = useState('');
  const [email, setEmail] = useState('');
  const form = useForm();
  const signIn = () =>
    form.submit(async () => {
      const { token } = await json<{ token: string }>('/console/dev/token', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ tenant, email }),
      });
      keepToken(token);
      navigate('/');
    });
  return (
    <Pending loaded={demo}>
      {({ councils }) => {
        const council = councils.find((c) => c.slug === tenant);
        return (
          <Form form={form} onSubmit={() => void signIn()}>
            <div className="govuk-warning-text">
              <span className="govuk-warning-text__icon" aria-hidden="true">
                !
              </span>
              <strong className="govuk-warning-text__text">
                <span className="govuk-visually-hidden">Warning</span>
                Development sign-in: demo users only. In production each council signs in with its
                own identity provider.
              </strong>
            </div>
            <Select
              id="tenant"
              label="Council"
              value={tenant}
              placeholder="Choose a council"
              apiField="tenant"
              options={councils.map((c) => ({ value: c.slug, label: c.name }))}
              onChange={(v) => {
                setTenant(v);
                setEmail('');
              }}
            />
            {council && (
              <Select
                id="email"
                label="Demo user"
                value={email}
                placeholder="Choose who you are"
                apiField="email"
                options={council.users.map((u) => ({
                  value: u.email,
                  label: `${u.name} – ${u.email}`,
                }))}
                onChange={setEmail}
              />
            )}
            <Button type="submit">Sign in</Button>
          </Form>
        );
      }}
    </Pending>
  );
}

function CouncilSignIn(props: { councils: SignInSettings['councils'] }) {
  const [slug, setSlug] = useState('');
  const form = useForm();
  if (props.councils.length === 0)
    return (
      <p className="govuk-body">
        No council has configured sign-in yet (CONSOLE_OIDC_CLIENTS). Ask your administrator.
      </p>
    );
  const go = () =>
    form.submit(async () => {
      const council = props.councils.find((c) => c.slug === slug);
      if (!council)
        throw new ApiProblem('Choose your council', 'BAD_USER_INPUT', {
          council: 'Choose your council',
        });
      sessionStorage.setItem('conduct.council', slug);
      await userManager(council).signinRedirect();
    });
  return (
    <Form form={form} onSubmit={() => void go()}>
      <Select
        id="council"
        label="Your council"
        value={slug}
        placeholder="Choose your council"
        apiField="council"
        options={props.councils.map((c) => ({ value: c.slug, label: c.slug }))}
        onChange={setSlug}
      />
      <Button type="submit">Continue to your council’s sign-in</Button>
    </Form>
  );
}

/** Back from the identity provider: exchange the code (with the PKCE verifier) and keep the access token. */
export function OidcCallbackPage() {
  const navigate = useNavigate();
  const [problem, setProblem] = useState<ApiProblem>();
  useEffect(() => {
    void (async () => {
      try {
        const settings = await json<SignInSettings>('/console/sign-in-settings.json');
        const council = settings.councils.find(
          (c) => c.slug === sessionStorage.getItem('conduct.council'),
        );
        if (!council) throw new ApiProblem('Sign-in was not started here. Start again.', 'OIDC');
        const user = await userManager(council).signinRedirectCallback();
        keepToken(user.access_token);
        navigate('/', { replace: true });
      } catch (e) {
        setProblem(asProblem(e));
      }
    })();
  }, [navigate]);
  return (
    <Page title="Signing you in">
      <ErrorSummary problem={problem} />
      {!problem && <p className="govuk-body">One moment…</p>}
    </Page>
  );
}
