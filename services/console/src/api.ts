import { useCallback, useEffect, useRef, useState } from 'react';
import type { TypedDocumentString } from './gql/graphql';
import { currentToken } from './session';

/** A refusal from the API in plain words: the message, the field each problem belongs to, and the policy's reasons. */
export class ApiProblem extends Error {
  constructor(
    message: string,
    readonly code: string,
    /** Field path (as the API names it, e.g. `input.rationale`) → what is wrong with it. */
    readonly fields: Record<string, string> = {},
    /** The policy engine's reasons, when it refused. */
    readonly reasons: { code: string; message: string }[] = [],
  ) {
    super(message);
  }
}

interface GraphQLErrorBody {
  message: string;
  extensions?: {
    code?: string;
    field?: string;
    issues?: { field?: string; path?: string; message: string }[];
    reasons?: { code: string; message: string }[];
  };
}

const PLAIN: Record<string, string> = {
  UNAUTHENTICATED: 'You are not signed in, or your sign-in has expired. Sign in again.',
  FORBIDDEN: 'Your role does not allow this.',
  INTERNAL_SERVER_ERROR:
    'Something went wrong on our side. Try again; if it keeps happening, tell the service desk.',
};

/**
 * GraphQL's own refusal of a variable (an unchosen option, a missing value),
 * before any resolver runs: the field it names, in plain words.
 */
function variableProblem(message: string): ApiProblem | undefined {
  const found = /^Variable "\$\w+" got invalid value .*? at "([^"]+)"; (.*)$/s.exec(message);
  if (!found) return undefined;
  const [, field = '', why = ''] = found;
  const plain = /enum/.test(why)
    ? 'Choose one of the options.'
    : /must not be null|not provided/.test(why)
      ? 'Give this.'
      : 'This is not a value the service accepts.';
  return new ApiProblem(plain, 'BAD_USER_INPUT', { [field]: plain });
}

function problemOf(error: GraphQLErrorBody): ApiProblem {
  const variable = variableProblem(error.message);
  if (variable) return variable;
  const ext = error.extensions ?? {};
  const code = ext.code ?? 'UNKNOWN';
  const fields: Record<string, string> = {};
  for (const issue of ext.issues ?? [])
    fields[issue.field ?? issue.path ?? 'input'] ??= issue.message;
  // A stale view is not a field the form has: its message says to reload.
  if (ext.field && ext.field !== 'input.expectedCaseVersion' && !fields[ext.field])
    fields[ext.field] = error.message.replace(`${ext.field}: `, '');
  const message = PLAIN[code] ?? error.message;
  return new ApiProblem(message, code, fields, ext.reasons ?? []);
}

/** Sends one typed GraphQL document (checked against the committed schema at build time). */
export async function request<R, V>(
  document: TypedDocumentString<R, V>,
  ...[variables]: V extends Record<string, never> ? [] : [V]
): Promise<R> {
  let response: Response;
  try {
    response = await fetch('/graphql', {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(currentToken() ? { authorization: `Bearer ${currentToken()}` } : {}),
      },
      body: JSON.stringify({ query: document.toString(), variables }),
    });
  } catch {
    throw new ApiProblem(
      'The service cannot be reached. Check your connection and try again.',
      'NETWORK',
    );
  }
  const body = (await response.json().catch(() => ({}))) as {
    data?: R;
    errors?: GraphQLErrorBody[];
  };
  if (body.errors?.length) throw problemOf(body.errors[0]!);
  if (!body.data) throw new ApiProblem(PLAIN.INTERNAL_SERVER_ERROR!, 'INTERNAL_SERVER_ERROR');
  return body.data;
}

export interface Loaded<T> {
  data?: T;
  problem?: ApiProblem;
  loading: boolean;
  reload(): void;
}

/** Runs a query when `key` changes; `reload` runs it again (after a mutation). */
export function useQuery<T>(run: () => Promise<T>, key: unknown[]): Loaded<T> {
  const [state, setState] = useState<{ data?: T; problem?: ApiProblem; loading: boolean }>({
    loading: true,
  });
  const [tick, setTick] = useState(0);
  const shown = useRef<string>(undefined);
  useEffect(() => {
    let live = true;
    // A reload keeps what is shown meanwhile; another key (another case) never shows the last one's data.
    const keyText = JSON.stringify(key);
    setState((s) => (shown.current === keyText ? { ...s, loading: true } : { loading: true }));
    shown.current = keyText;
    run().then(
      (data) => live && setState({ data, loading: false }),
      (e: unknown) => live && setState({ problem: asProblem(e), loading: false }),
    );
    return () => {
      live = false;
    };
  }, [...key, tick]);
  const reload = useCallback(() => setTick((t) => t + 1), []);
  return { ...state, reload };
}

export function asProblem(e: unknown): ApiProblem {
  return e instanceof ApiProblem
    ? e
    : new ApiProblem(String((e as Error)?.message ?? e), 'UNKNOWN');
}

/**
 * A PDF, CSV or SVG from the API's document routes: fetched with the bearer
 * token (a plain link would carry none) and handed to the browser as a file.
 */
export async function fetchFile(path: string): Promise<Blob> {
  const response = await fetch(path, {
    headers: currentToken() ? { authorization: `Bearer ${currentToken()}` } : {},
  });
  if (!response.ok) {
    const body = (await response.json().catch(() => ({}))) as { error?: string; code?: string };
    throw new ApiProblem(
      PLAIN[body.code ?? ''] ?? body.error ?? `The file could not be fetched (${response.status}).`,
      body.code ?? 'HTTP',
    );
  }
  return response.blob();
}

export async function downloadFile(path: string, filename: string): Promise<void> {
  saveBlob(await fetchFile(path), filename);
}

export function saveBlob(blob: Blob, filename: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
