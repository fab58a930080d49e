import {
  createContext,
  useCallback,
  useContext,
  useEffect,
  useRef,
  useState,
  type ReactNode,
} from 'react';
import { type ApiProblem, type Loaded, asProblem } from './api';

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

/**
 * One form's state: the API's refusal (kept for the summary and the fields)
 * and whether it is being sent. `submit` runs the request and reports success.
 */
export function useForm() {
  const [problem, setProblem] = useState<ApiProblem>();
  const [busy, setBusy] = useState(false);
  const submit = useCallback(async (run: () => Promise<unknown>): Promise<boolean> => {
    setProblem(undefined);
    setBusy(true);
    try {
      await run();
      return true;
    } catch (e) {
      setProblem(asProblem(e));
      return false;
    } finally {
      setBusy(false);
    }
  }, []);
  return { problem, busy, submit };
}
export type FormState = ReturnType<typeof useForm>;

interface FormContextValue {
  problem?: ApiProblem;
  /** API field path → the id of the input that gives it (filled as the fields render). */
  ids: Map<string, string>;
}
const FormContext = createContext<FormContextValue | undefined>(undefined);

/** The API field a problem names, or the field it lies under (`input.restrictions.0.type` → `input.restrictions`). */
function fieldOf(problemField: string, fields: Iterable<string>): string | undefined {
  let best: string | undefined;
  for (const f of fields)
    if (
      (problemField === f || problemField.startsWith(`${f}.`)) &&
      (!best || f.length > best.length)
    )
      best = f;
  return best;
}

/**
 * A form: the GOV.UK error summary (each problem linked to the field the API
 * named) above the fields, and each field's message beside it. Fields say
 * which API field they give with `apiField`.
 */
export function Form(props: { form: FormState; children: ReactNode; onSubmit?(): void }) {
  const ids = useRef(new Map<string, string>()).current;
  const fieldIds = Object.fromEntries(
    Object.keys(props.form.problem?.fields ?? {}).flatMap((problemField) => {
      const field = fieldOf(problemField, ids.keys());
      return field ? [[problemField, ids.get(field)!]] : [];
    }),
  );
  const body = (
    <FormContext.Provider value={{ problem: props.form.problem, ids }}>
      <ErrorSummary problem={props.form.problem} fieldIds={fieldIds} />
      {props.children}
    </FormContext.Provider>
  );
  if (!props.onSubmit) return body;
  return (
    <form
      noValidate
      onSubmit={(e) => {
        e.preventDefault();
        props.onSubmit?.();
      }}
    >
      {body}
    </form>
  );
}

/** The API's message for this field (or any part of it), registering the input's id for the summary's link. */
export function useFieldError(id: string, apiField?: string, error?: string): string | undefined {
  const form = useContext(FormContext);
  if (error || !apiField || !form) return error;
  form.ids.set(apiField, id);
  const entry = Object.entries(form.problem?.fields ?? {}).find(
    ([f]) => fieldOf(f, [apiField]) === apiField,
  );
  return entry?.[1];
}

interface FieldProps {
  id: string;
  label: string;
  hint?: string;
  /** The API's name for what this field gives (e.g. `input.rationale`): its errors show here. */
  apiField?: string;
  error?: string;
  children: ReactNode;
  large?: boolean;
}

/** Label, hint, error message and control, with the hint and error named by aria-describedby. */
function Field(props: FieldProps & { error?: string }) {
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <label className={`govuk-label${props.large ? ' govuk-label--m' : ''}`} htmlFor={props.id}>
        {props.label}
      </label>
      <HintAndError {...props} />
      {props.children}
    </div>
  );
}

function HintAndError(props: { id: string; hint?: string; error?: string }) {
  return (
    <>
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
    </>
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
  const error = useFieldError(props.id, props.apiField, props.error);
  return (
    <Field {...props} error={error}>
      <input
        className={`govuk-input${props.width ? ` govuk-input--width-${props.width}` : ''}${error ? ' govuk-input--error' : ''}`}
        id={props.id}
        name={props.id}
        type={props.type ?? 'text'}
        value={props.value}
        autoComplete={props.autoComplete ?? 'off'}
        aria-describedby={describedBy({ ...props, error })}
        onChange={(e) => props.onChange(e.target.value)}
      />
    </Field>
  );
}

/** GOV.UK file upload: one file of the types `accept` names. */
export function FileInput(
  props: Omit<FieldProps, 'children'> & { accept: string; onChange(f: File | undefined): void },
) {
  const error = useFieldError(props.id, props.apiField, props.error);
  return (
    <Field {...props} error={error}>
      <input
        className={`govuk-file-upload${error ? ' govuk-file-upload--error' : ''}`}
        id={props.id}
        name={props.id}
        type="file"
        accept={props.accept}
        aria-describedby={describedBy({ ...props, error })}
        onChange={(e) => props.onChange(e.target.files?.[0])}
      />
    </Field>
  );
}

export function TextArea(
  props: Omit<FieldProps, 'children'> & { value: string; onChange(v: string): void; rows?: number },
) {
  const error = useFieldError(props.id, props.apiField, props.error);
  return (
    <Field {...props} error={error}>
      <textarea
        className={`govuk-textarea${error ? ' govuk-textarea--error' : ''}`}
        id={props.id}
        name={props.id}
        rows={props.rows ?? 4}
        value={props.value}
        aria-describedby={describedBy({ ...props, error })}
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
  const error = useFieldError(props.id, props.apiField, props.error);
  return (
    <Field {...props} error={error}>
      <select
        className={`govuk-select${error ? ' govuk-select--error' : ''}`}
        id={props.id}
        name={props.id}
        value={props.value}
        aria-describedby={describedBy({ ...props, error })}
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

/** A fieldset of choices (checkboxes or radios) with its legend, hint and error. */
function ChoiceGroup(props: {
  id: string;
  legend: string;
  hint?: string;
  error?: string;
  kind: 'checkboxes' | 'radios';
  children: ReactNode;
}) {
  return (
    <div className={`govuk-form-group${props.error ? ' govuk-form-group--error' : ''}`}>
      <fieldset className="govuk-fieldset" aria-describedby={describedBy(props)} id={props.id}>
        <legend className="govuk-fieldset__legend govuk-fieldset__legend--s">{props.legend}</legend>
        <HintAndError {...props} />
        <div className={`govuk-${props.kind} govuk-${props.kind}--small`}>{props.children}</div>
      </fieldset>
    </div>
  );
}

/** One choice: its value, words, optional hint and what it reveals while chosen (GOV.UK conditional reveal). */
export interface ChoiceOption {
  value: string;
  label: string;
  hint?: string;
  conditional?: ReactNode;
}

interface ChoiceProps {
  id: string;
  legend: string;
  hint?: string;
  apiField?: string;
  error?: string;
  options: ChoiceOption[];
}

/** The policy's vocabulary (roles, channels, behaviours …) as choices, in the policy's words. */
export const catalogueOptions = (entries: readonly { key: string; label: string }[]) =>
  entries.map((e) => ({ value: e.key, label: e.label }));

/** The item's hint (inside the item, as GOV.UK lays it out). */
function ItemHint(props: { id: string; kind: 'checkboxes' | 'radios'; hint?: string }) {
  if (!props.hint) return null;
  return (
    <div id={`${props.id}-hint`} className={`govuk-hint govuk-${props.kind}__hint`}>
      {props.hint}
    </div>
  );
}

/** What a chosen item reveals, after the item (GOV.UK conditional reveal). */
function Reveal(props: {
  id: string;
  kind: 'checkboxes' | 'radios';
  option: ChoiceOption;
  chosen: boolean;
}) {
  if (!props.option.conditional || !props.chosen) return null;
  return (
    <div className={`govuk-${props.kind}__conditional`} id={`${props.id}-conditional`}>
      {props.option.conditional}
    </div>
  );
}

export function Checkboxes(props: ChoiceProps & { values: string[]; onChange(v: string[]): void }) {
  const error = useFieldError(props.id, props.apiField, props.error);
  return (
    <ChoiceGroup {...props} error={error} kind="checkboxes">
      {props.options.map((o) => {
        const id = `${props.id}-${o.value}`;
        const chosen = props.values.includes(o.value);
        return (
          <div key={o.value}>
            <div className="govuk-checkboxes__item">
              <input
                className="govuk-checkboxes__input"
                id={id}
                type="checkbox"
                checked={chosen}
                aria-describedby={o.hint ? `${id}-hint` : undefined}
                aria-controls={o.conditional && chosen ? `${id}-conditional` : undefined}
                aria-expanded={o.conditional ? chosen : undefined}
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
              <ItemHint id={id} kind="checkboxes" hint={o.hint} />
            </div>
            <Reveal id={id} kind="checkboxes" option={o} chosen={chosen} />
          </div>
        );
      })}
    </ChoiceGroup>
  );
}

/** One choice of several (GOV.UK radios), each with an optional hint and conditional reveal. */
export function Radios(props: ChoiceProps & { value: string; onChange(v: string): void }) {
  const error = useFieldError(props.id, props.apiField, props.error);
  return (
    <ChoiceGroup {...props} error={error} kind="radios">
      {props.options.map((o) => {
        const id = `${props.id}-${o.value}`;
        const chosen = props.value === o.value;
        return (
          <div key={o.value}>
            <div className="govuk-radios__item">
              <input
                className="govuk-radios__input"
                id={id}
                name={props.id}
                type="radio"
                checked={chosen}
                aria-describedby={o.hint ? `${id}-hint` : undefined}
                aria-controls={o.conditional && chosen ? `${id}-conditional` : undefined}
                aria-expanded={o.conditional ? chosen : undefined}
                onChange={() => props.onChange(o.value)}
              />
              <label className="govuk-label govuk-radios__label" htmlFor={id}>
                {o.label}
              </label>
              <ItemHint id={id} kind="radios" hint={o.hint} />
            </div>
            <Reveal id={id} kind="radios" option={o} chosen={chosen} />
          </div>
        );
      })}
    </ChoiceGroup>
  );
}

/** A single yes/no checkbox (e.g. "Indefinitely"), with an optional hint and the API's message for it. */
export function Checkbox(props: {
  id: string;
  label: string;
  hint?: string;
  apiField?: string;
  checked: boolean;
  onChange(v: boolean): void;
}) {
  const error = useFieldError(props.id, props.apiField);
  return (
    <div className={`govuk-form-group${error ? ' govuk-form-group--error' : ''}`}>
      {error && (
        <p id={`${props.id}-error`} className="govuk-error-message">
          <span className="govuk-visually-hidden">Error:</span> {error}
        </p>
      )}
      <div className="govuk-checkboxes govuk-checkboxes--small">
        <div className="govuk-checkboxes__item">
          <input
            className="govuk-checkboxes__input"
            id={props.id}
            type="checkbox"
            checked={props.checked}
            aria-describedby={describedBy({ ...props, error })}
            onChange={(e) => props.onChange(e.target.checked)}
          />
          <label className="govuk-label govuk-checkboxes__label" htmlFor={props.id}>
            {props.label}
          </label>
          {props.hint && (
            <div id={`${props.id}-hint`} className="govuk-hint govuk-checkboxes__hint">
              {props.hint}
            </div>
          )}
        </div>
      </div>
    </div>
  );
}

/** A success message after a form was sent. */
export function Success(props: { children: ReactNode }) {
  return (
    <div className="govuk-notification-banner govuk-notification-banner--success" role="status">
      <div className="govuk-notification-banner__content">
        <p className="govuk-notification-banner__heading">{props.children}</p>
      </div>
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
