import type { z } from 'zod';

/** Turns zod's developer wording into something a tenant admin can act on. */
export function plainMessage(issue: z.core.$ZodIssue): { message: string; keyName?: string } {
  const input = (issue as { input?: unknown }).input;
  const custom =
    !issue.message.startsWith('Invalid') &&
    !issue.message.startsWith('Unrecognized') &&
    !issue.message.startsWith('Too ');
  switch (issue.code) {
    case 'invalid_type':
      if (custom) return { message: issue.message };
      if (input === undefined) return { message: `is missing: add a ${describe(issue.expected)}` };
      return { message: `should be a ${describe(issue.expected)}, not ${show(input)}` };
    case 'invalid_value':
      return {
        message: `${show(input)} is not allowed here; use one of: ${issue.values.map(String).join(', ')}`,
      };
    case 'unrecognized_keys': {
      const [first] = issue.keys;
      const names = issue.keys.map((k) => `'${k}'`).join(', ');
      return {
        message: `${names} ${issue.keys.length === 1 ? 'is not a field' : 'are not fields'} here (check the spelling)`,
        keyName: first,
      };
    }
    case 'invalid_key': {
      const inner = issue.issues[0]?.message ?? 'is not a valid key';
      return { message: `key ${show(input)}: ${inner}` };
    }
    case 'invalid_union': {
      if (input === undefined) return { message: 'is missing' };
      const note = (issue as { note?: string; options?: unknown[] }).options;
      if (note)
        return {
          message: `${show(inputAtPath(input, issue.path))} is not allowed here; use one of: ${note.map(String).join(', ')}`,
        };
      return { message: 'does not match any of the allowed shapes' };
    }
    case 'too_small':
      if (custom) return { message: issue.message };
      if (issue.origin === 'array')
        return { message: `needs at least ${String(issue.minimum)} item(s)` };
      if (issue.origin === 'string') return { message: 'must not be empty' };
      return {
        message: `must be at least ${String(issue.minimum)}${issue.inclusive ? '' : ' (exclusive)'}`,
      };
    case 'too_big':
      if (issue.origin === 'array')
        return { message: `has more than ${String(issue.maximum)} item(s)` };
      return {
        message: `must be at most ${String(issue.maximum)}${issue.inclusive ? '' : ' (exclusive)'}`,
      };
    default:
      return { message: issue.message };
  }
}

function inputAtPath(input: unknown, path: PropertyKey[]): unknown {
  // zod reports the whole object for a bad discriminator; show the discriminator's value.
  const last = path[path.length - 1];
  if (input && typeof input === 'object' && last !== undefined && last in input) {
    return (input as Record<PropertyKey, unknown>)[last];
  }
  return input;
}

function describe(expected: string): string {
  if (expected === 'object') return 'map of fields';
  if (expected === 'array') return 'list';
  if (expected === 'record') return 'map of fields';
  return expected;
}

function show(value: unknown): string {
  if (typeof value === 'string') return `'${value}'`;
  if (value === null) return 'empty (null)';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a map of fields';
  return String(value);
}
