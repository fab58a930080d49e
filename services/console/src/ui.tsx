import { useEffect, useRef, type ReactNode } from 'react';
import type { ApiProblem, Loaded } from './api';

/** A page: its h1, and the browser title that screen readers announce on navigation. */
export function Page(props: { title: string; caption?: string; children: ReactNode }) {
  useEffect(() => {
    document.title = `${props.title} – Conduct`;
  }, [props.title]);
  return (
    <>
      {props.caption && <span className="govuk-caption-l">{props.caption}</span>}
      <h1 className="govuk-heading-l">{props.title}</h1>
      {props.children}
    </>
  );
}

/** While a query runs, or what went wrong with it. */
export function Pending<T>(props: { loaded: Loaded<T>; children: (data: T) => ReactNode }) {
  const { data, problem, loading } = props.loaded;
  if (problem) return <ErrorSummary problem={problem} />;
  if (!data)
    return (
      <p className="govuk-body" aria-live="polite">
        {loading ? 'Loading…' : ''}
      </p>
    );
  return <div data-testid="loaded">{props.children(data)}</div>;
}

/**
 * GOV.UK error summary: the API's message in plain words, each problem linked
 * to its field (`fieldIds` maps the API's field path to the input's id).
 */
export function ErrorSummary(props: { problem?: ApiProblem; fieldIds?: Record<string, string> }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (props.problem) ref.current?.focus();
  }, [props.problem]);
  const p = props.problem;
  if (!p) return null;
  const fieldItems = Object.entries(p.fields);
  return (
    <div className="govuk-error-summary" ref={ref} tabIndex={-1} role="alert">
      <h2 className="govuk-error-summary__title">There is a problem</h2>
      <div className="govuk-error-summary__body">
        <ul className="govuk-list govuk-error-summary__list">
          {fieldItems.length === 0 && !p.reasons.some((r) => r.message === p.message) && (
            <li>{p.message}</li>
          )}
          {fieldItems.map(([field, message]) => {
            const id = props.fieldIds?.[field];
            return (
              <li key={field}>
                {id ? (
                  <a href={`#${id}`}>
                    {fieldLabel(field)}: {message}
                  </a>
                ) : (
                  `${fieldLabel(field)}: ${message}`
                )}
              </li>
            );
          })}
          {p.reasons.map((r) => (
            <li key={r.code}>{r.message}</li>
          ))}
        </ul>
      </div>
    </div>
  );
}

/** `input.restrictions.0.parameters` → "restrictions 1 parameters": the field in words. */
function fieldLabel(field: string): string {
  return field
    .replace(/^input\./, '')
    .split('.')
    .map((part) =>
      /^\d+$/.test(part) ? String(Number(part) + 1) : part.replace(/([A-Z])/g, ' $1').toLowerCase(),
    )
    .join(' ');
}

/** The message for one field, if the API named it. */
export function fieldError(
  problem: ApiProblem | undefined,
  ...fields: string[]
): string | undefined {
  for (const f of fields) if (problem?.fields[f]) return problem.fields[f];
  return undefined;
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  error?: string;
  children: ReactNode;
  large?: boolean;
}

function Field(props: FieldProps) {
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label${props.large ? ' govuk-label--m' : ''}`} htmlFor={props.id}>
        {props.label}
      </label>
      {props.hint && (
        <div id={`${props.id}-hint`} className="govuk-hint">
          {props.hint}
        </div>
      )}
      {props.error && (
        <p id={`${props.id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {props.error}
        </p>
      )}
      {props.children}
    </div>
  );
}

const describedBy = (p: { id: string; hint?: string; error?: string }) =>
  [p.hint && `${p.id}-hint`, p.error && `${p.id}-error`].filter(Boolean).join(' ') || undefined;

export function TextInput(
  props: Omit<FieldProps, 'children'> & {
    value: string;
    onChange(v: string): void;
    type?: string;
    width?: string;
    autoComplete?: string;
  },
) {
  return (
    <Field {...props}>
      <input
        className={`govuk-input${props.width ? ` govuk-input--width-${props.width}` : ''}${props.error ? ' govuk-input--error' : ''}`}
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function TextArea(
  props: Omit<FieldProps, 'children'> & { value: string; onChange(v: string): void; rows?: number },
) {
  return (
    <Field {...props}>
      <textarea
        className={`govuk-textarea${props.error ? ' govuk-textarea--error' : ''}`}
        id={props.id}
        name={props.id}
        rows={props.rows ?? 4}
        value={props.value}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

export function Select(
  props: Omit<FieldProps, 'children'> & {
    value: string;
    onChange(v: string): void;
    options: { value: string; label: string }[];
    placeholder?: string;
  },
) {
  return (
    <Field {...props}>
      <select
        className={`govuk-select${props.error ? ' govuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        value={props.value}
        aria-describedby={describedBy(props)}
        onChange={(e) => props.onChange(e.target.value)}
      >
        {props.placeholder !== undefined && <option value="">{props.placeholder}</option>}
        {props.options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </Field>
  );
}

export function Checkboxes(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  options: { value: string; label: string }[];
  values: string[];
  onChange(values: string[]): void;
}) {
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(props)} id={props.id}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        {props.hint && (
          <div id={`${props.id}-hint`} className="govuk-hint">
            {props.hint}
          </div>
        )}
        {props.error && (
          <p id={`${props.id}-error`} className="govuk-error-message">
            <span className="govuk-visually-hidden">Error:</span> {props.error}
          </p>
        )}
        <div className="govuk-checkboxes govuk-checkboxes--small">
          {props.options.map((o) => {
            const id = `${props.id}-${o.value}`;
            return (
              <div className="govuk-checkboxes__item" key={o.value}>
                <input
                  className="govuk-checkboxes__input"
                  id={id}
                  type="checkbox"
                  checked={props.values.includes(o.value)}
                  onChange={(e) =>
                    props.onChange(
                      e.target.checked
                        ? [...props.values, o.value]
                        : props.values.filter((v) => v !== o.value),
                    )
                  }
                />
                <label className="govuk-label govuk-checkboxes__label" htmlFor={id}>
                  {o.label}
                </label>
              </div>
            );
          })}
        </div>
      </fieldset>
    </div>
  );
}

export function Button(props: {
  children: ReactNode;
  onClick?(): void;
  secondary?: boolean;
  warning?: boolean;
  busy?: boolean;
  type?: 'submit' | 'button';
}) {
  const kind = props.secondary
    ? ' govuk-button--secondary'
    : props.warning
      ? ' govuk-button--warning'
      : '';
  return (
    <button
      type={props.type ?? 'button'}
      className={`govuk-button${kind}`}
      data-module="govuk-button"
      disabled={props.busy}
      aria-disabled={props.busy}
      onClick={props.onClick}
    >
      {props.children}
    </button>
  );
}

export function Tag(props: {
  children: ReactNode;
  colour?: 'grey' | 'green' | 'red' | 'yellow' | 'blue' | 'orange';
}) {
  return (
    <strong className={`govuk-tag${props.colour ? ` govuk-tag--${props.colour}` : ''}`}>
      {props.children}
    </strong>
  );
}

const dateFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  timeZone: 'Europe/London',
});
const dateTimeFormat = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'long',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

export const formatDate = (iso?: string | null) => (iso ? dateFormat.format(new Date(iso)) : '—');
export const formatDateTime = (iso?: string | null) =>
  iso ? dateTimeFormat.format(new Date(iso)) : '—';

export function SummaryList(props: { rows: [string, ReactNode][] }) {
  return (
    <dl className="govuk-summary-list">
      {props.rows.map(([key, value]) => (
        <div className="govuk-summary-list__row" key={key}>
          <dt className="govuk-summary-list__key">{key}</dt>
          <dd className="govuk-summary-list__value">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
