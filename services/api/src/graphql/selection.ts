import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * The field nodes the operation asks for at `path` below the resolved field
 * (e.g. `['edges', 'node', 'customer']`), through fragments too.
 */
function fieldsAt(info: GraphQLResolveInfo, path: string[]): readonly FieldNode[] {
  const collect = (sets: (SelectionSetNode | undefined)[]): FieldNode[] => {
    const fields: FieldNode[] = [];
    const visit = (set: SelectionSetNode | undefined) => {
      for (const s of set?.selections ?? []) {
        if (s.kind === 'Field') fields.push(s);
        else if (s.kind === 'InlineFragment') visit(s.selectionSet);
        else visit(info.fragments[s.name.value]?.selectionSet);
      }
    };
    sets.forEach(visit);
    return fields;
  };
  let level = info.fieldNodes;
  for (const name of path) {
    level = collect(level.map((f) => f.selectionSet)).filter((f) => f.name.value === name);
    if (!level.length) return [];
  }
  return level;
}

/**
 * Whether the operation asks for a field at `path` below the resolved field.
 * Lets a list resolver read related rows in its own statement only when they are wanted.
 */
export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  return fieldsAt(info, path).length > 0;
}

/**
 * The names of the fields the operation selects on the object at `path`
 * (through fragments), so a read fetches only the columns they need.
 */
export function selectedFields(info: GraphQLResolveInfo, path: string[]): Set<string> {
  const names = new Set<string>();
  const visit = (set: SelectionSetNode | undefined) => {
    for (const s of set?.selections ?? []) {
      if (s.kind === 'Field') names.add(s.name.value);
      else if (s.kind === 'InlineFragment') visit(s.selectionSet);
      else visit(info.fragments[s.name.value]?.selectionSet);
    }
  };
  for (const f of fieldsAt(info, path)) visit(f.selectionSet);
  return names;
}

const perDocument = new WeakMap<FieldNode, Map<string, unknown>>();

/**
 * `derive(info)` once per field of a parsed document and `key` (what `derive`
 * reads of the selection, e.g. a path): a selection is fixed by the document,
 * and Apollo keeps one parsed document per query text, so a hot read works out
 * its columns on the first request only.
 */
export function perSelection<T>(
  info: GraphQLResolveInfo,
  key: string,
  derive: (info: GraphQLResolveInfo) => T,
): T {
  const field = info.fieldNodes[0]!;
  let derived = perDocument.get(field);
  if (!derived) perDocument.set(field, (derived = new Map()));
  if (!derived.has(key)) derived.set(key, derive(info));
  return derived.get(key) as T;
}
