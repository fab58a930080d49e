import type { Council } from '../council';
import type { ProposedRestrictionInput, RestrictionParameterInput } from '../gql/graphql';
import { Checkboxes, Select, TextInput, catalogueOptions } from '../ui';

/** A measure being proposed: its type and each parameter as typed (strings until sent). */
export interface MeasureChoice {
  type: string;
  values: Record<string, string | string[]>;
}

type MeasureType = Council['policyCatalogue']['measures'][number];
type Parameter = MeasureType['parameters'][number];

const WEEKDAYS = ['monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday', 'sunday'];

/** The form's values as the API's `parameters`, each in the field its type needs. */
export function toRestrictionInputs(
  choices: MeasureChoice[],
  council: Council,
): ProposedRestrictionInput[] {
  const typeOf = (measure: string, name: string) =>
    council.policyCatalogue.measures
      .find((m) => m.key === measure)
      ?.parameters.find((p) => p.name === name)?.type;
  return choices.map((choice) => ({
    type: choice.type,
    parameters: Object.entries(choice.values)
      .filter(([, v]) => (Array.isArray(v) ? v.length > 0 : v !== ''))
      .map(([name, v]): RestrictionParameterInput => {
        if (Array.isArray(v)) return { name, days: v };
        switch (typeOf(choice.type, name)) {
          case 'minutes':
          case 'count':
            return { name, number: Number(v) };
          case 'time-window': {
            const [from = '', to = ''] = v.split('-').map((t) => t.trim());
            return { name, from, to };
          }
          default:
            return { name, text: v };
        }
      }),
  }));
}

/** One measure's values as the JSON object reviews and appeals take (`parametersJson`). */
export function toParametersJson(choice: MeasureChoice, council: Council): string {
  const [input] = toRestrictionInputs([choice], council);
  const values: Record<string, unknown> = {};
  for (const p of input?.parameters ?? [])
    values[p.name] =
      p.days ?? p.number ?? (p.from !== undefined ? { from: p.from, to: p.to } : p.text);
  return JSON.stringify(values);
}

/**
 * One checkbox per measure in the council's catalogue (those the stage names
 * first); ticking one shows the inputs its parameters need.
 */
export function MeasuresForm(props: {
  id: string;
  council: Council;
  suggested: string[];
  value: MeasureChoice[];
  onChange(v: MeasureChoice[]): void;
  /** The API field the measures are sent as (input.restrictions). */
  apiField: string;
}) {
  const measures = [...props.council.policyCatalogue.measures].sort(
    (a, b) => Number(props.suggested.includes(b.key)) - Number(props.suggested.includes(a.key)),
  );
  const chosen = (key: string) => props.value.find((m) => m.type === key);
  const setValue = (key: string, name: string, v: string | string[]) =>
    props.onChange(
      props.value.map((m) => (m.type === key ? { ...m, values: { ...m.values, [name]: v } } : m)),
    );
  return (
    <Checkboxes
      id={props.id}
      legend="Measures"
      apiField={props.apiField}
      values={props.value.map((m) => m.type)}
      onChange={(keys) => props.onChange(keys.map((type) => chosen(type) ?? { type, values: {} }))}
      options={measures.map((m) => ({
        value: m.key,
        label: m.label,
        conditional: m.parameters.length > 0 && (
          <>
            {m.parameters.map((p) => (
              <ParameterInput
                key={p.name}
                id={`${props.id}-${m.key}-${p.name}`}
                parameter={p}
                council={props.council}
                value={chosen(m.key)?.values[p.name]}
                onChange={(v) => setValue(m.key, p.name, v)}
              />
            ))}
          </>
        ),
      }))}
    />
  );
}

function ParameterInput(props: {
  id: string;
  parameter: Parameter;
  council: Council;
  value?: string | string[];
  onChange(v: string | string[]): void;
}) {
  const p = props.parameter;
  const text = typeof props.value === 'string' ? props.value : '';
  const label = p.required ? p.label : `${p.label} (optional)`;
  switch (p.type) {
    case 'channel':
      return (
        <Select
          id={props.id}
          label={label}
          value={text}
          placeholder="Choose"
          options={catalogueOptions(props.council.policyCatalogue.channels)}
          onChange={props.onChange}
        />
      );
    case 'weekdays':
      return (
        <Checkboxes
          id={props.id}
          legend={label}
          options={WEEKDAYS.map((d) => ({ value: d, label: d[0]!.toUpperCase() + d.slice(1) }))}
          values={Array.isArray(props.value) ? props.value : []}
          onChange={props.onChange}
        />
      );
    case 'time-window':
      return (
        <TextInput
          id={props.id}
          label={label}
          hint="From and to, e.g. 10:00-12:00"
          width="10"
          value={text}
          onChange={props.onChange}
        />
      );
    case 'minutes':
    case 'count':
      return (
        <TextInput
          id={props.id}
          label={label}
          hint="A whole number"
          width="4"
          value={text}
          onChange={(v) => props.onChange(v.replace(/\D/g, ''))}
        />
      );
    default:
      return <TextInput id={props.id} label={label} value={text} onChange={props.onChange} />;
  }
}
