import Handlebars from 'handlebars';

/**
 * Letter templates are Handlebars: `{{name}}` fills in a fact, and
 * `{{#if reviewDue}}…{{/if}}` keeps a sentence only when there is something
 * to say. Letters are plain text set into a PDF, so nothing is HTML-escaped;
 * a value is never read as a template.
 */
const engine = Handlebars.create();

/** The facts a template may use, and what each says. */
export const LETTER_PLACEHOLDERS = {
  councilName: 'the council’s name',
  customerName: 'the customer’s name',
  reasons: 'why the decision was taken, in the decider’s words',
  restrictions: 'the measures, one line each, with their parameters in words',
  startsAt: 'when the measures start',
  endsAt: 'when they end (empty when indefinite)',
  period: 'how long they last, in words',
  reviewDue: 'when they will next be reviewed',
  stage: 'the stage the case is at',
  decidedBy:
    'who decided, as the policy names the post (a deputy when a deputy decided); the council for a decision the system takes',
  outcome: 'what was decided, in words (e.g. extended, lifted, upheld, granted)',
  appealRoute: 'how to appeal, or that there is no appeal and the Ombudsman route',
} as const;
export type LetterPlaceholder = keyof typeof LETTER_PLACEHOLDERS;

export interface PlaceholderUse {
  name: string;
  /** Inside an `{{#if}}`/`{{#unless}}` block: may be empty. */
  conditional: boolean;
}

type Node = hbs.AST.Node;

function walk(node: Node, conditional: boolean, found: PlaceholderUse[]) {
  switch (node.type) {
    case 'Program':
      for (const s of (node as hbs.AST.Program).body) walk(s, conditional, found);
      break;
    case 'MustacheStatement': {
      const m = node as hbs.AST.MustacheStatement;
      if (m.path.type === 'PathExpression' && m.params.length === 0) {
        found.push({ name: (m.path as hbs.AST.PathExpression).original, conditional });
      } else {
        found.push({ name: `${(m.path as hbs.AST.PathExpression).original} …`, conditional });
      }
      break;
    }
    case 'BlockStatement': {
      const b = node as hbs.AST.BlockStatement;
      for (const p of b.params) {
        if (p.type === 'PathExpression')
          found.push({ name: (p as hbs.AST.PathExpression).original, conditional: true });
      }
      const helper = (b.path as hbs.AST.PathExpression).original;
      if (helper !== 'if' && helper !== 'unless') found.push({ name: `#${helper}`, conditional });
      if (b.program) walk(b.program, true, found);
      if (b.inverse) walk(b.inverse, true, found);
      break;
    }
    default:
      break;
  }
}

/**
 * The placeholders a template text uses, for the policy checker and the
 * renderer. Throws on a syntax error, with Handlebars' message.
 */
export function placeholdersIn(text: string): PlaceholderUse[] {
  const found: PlaceholderUse[] = [];
  walk(engine.parse(text), false, found);
  return found;
}

/** Problems with one template text: bad syntax, or a placeholder that is not a fact. */
export function templateProblems(text: string): string[] {
  let uses: PlaceholderUse[];
  try {
    uses = placeholdersIn(text);
  } catch (err) {
    return [`is not a valid template: ${(err as Error).message.split('\n')[0]}`];
  }
  return uses
    .filter((u) => !(u.name in LETTER_PLACEHOLDERS))
    .map(
      (u) =>
        `uses {{${u.name}}}, which is not a letter fact (${Object.keys(LETTER_PLACEHOLDERS).join(', ')})`,
    );
}

const compiled = new Map<string, HandlebarsTemplateDelegate>();

/** Fills a template text with the facts (compiled once per text). */
export function fillTemplate(text: string, values: Record<string, string>): string {
  let template = compiled.get(text);
  if (!template) {
    template = engine.compile(text, { noEscape: true, strict: true, knownHelpersOnly: true });
    compiled.set(text, template);
  }
  return template(values);
}
