import { LineCounter, parseDocument } from 'yaml';
import { crossReferenceIssues } from '../schema/cross-references';
import { policySchema, type Policy } from '../schema/policy';
import { formatPath, lineOf, lineOfTextIn } from './yaml-locations';
import { plainMessage } from './schema-issue-messages';

export interface PolicyIssue {
  path: string;
  line?: number;
  message: string;
}

/**
 * Validates a policy file as a tenant admin wrote it. JSON is parsed with the
 * YAML parser too (JSON is YAML), which gives line numbers for both formats.
 */
export function checkPolicyText(
  text: string,
  format: 'yaml' | 'json' = 'yaml',
): { policy?: Policy; errors: PolicyIssue[] } {
  if (format === 'json') {
    try {
      JSON.parse(text);
    } catch (e) {
      return { errors: [{ path: '(file)', message: `not valid JSON: ${(e as Error).message}` }] };
    }
  }
  const counter = new LineCounter();
  const doc = parseDocument(text, {
    lineCounter: counter,
    prettyErrors: false,
    uniqueKeys: true,
    merge: true,
  });
  if (doc.errors.length > 0) {
    return {
      errors: doc.errors.map((e) => ({
        path: '(file)',
        line: counter.linePos(e.pos[0]).line,
        message: `not valid ${format.toUpperCase()}: ${e.message.split('\n')[0]}`,
      })),
    };
  }
  const parsed = policySchema.safeParse(doc.toJS(), { reportInput: true });
  if (!parsed.success) {
    return {
      errors: parsed.error.issues.map((issue) => {
        const path = issue.path.filter((s): s is string | number => typeof s !== 'symbol');
        const { message, keyName } = plainMessage(issue);
        const shownPath = keyName === undefined ? path : [...path, keyName];
        return { path: formatPath(shownPath), line: lineOf(doc, counter, path, keyName), message };
      }),
    };
  }
  const errors = crossReferenceIssues(parsed.data).map((issue) => ({
    path: formatPath(issue.path),
    line:
      issue.near === undefined
        ? lineOf(doc, counter, issue.path)
        : lineOfTextIn(doc, counter, text, issue.path, issue.near),
    message: issue.message,
  }));
  return errors.length > 0 ? { errors } : { policy: parsed.data, errors };
}
