/** A measure as a decision names it: its type in the council's catalogue and its parameters. */
export interface Measure {
  type: string;
  parameters: Record<string, unknown>;
}
