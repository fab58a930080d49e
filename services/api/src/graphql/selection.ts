import type { FieldNode, GraphQLResolveInfo, SelectionSetNode } from 'graphql';

/**
 * Whether the operation asks for a field at `path` below the resolved field
 * (e.g. `['edges', 'node', 'customer']`), through fragments too. Lets a list
 * resolver read related rows in its own statement only when they are wanted.
 */
export function selects(info: GraphQLResolveInfo, path: string[]): boolean {
  const visit = (sets: (SelectionSetNode | undefined)[], depth: number): boolean => {
    const fields: FieldNode[] = [];
    const collect = (set: SelectionSetNode | undefined) => {
      for (const s of set?.selections ?? []) {
        if (s.kind === 'Field') fields.push(s);
        else if (s.kind === 'InlineFragment') collect(s.selectionSet);
        else collect(info.fragments[s.name.value]?.selectionSet);
      }
    };
    sets.forEach(collect);
    const next = fields.filter((f) => f.name.value === path[depth]);
    if (!next.length) return false;
    if (depth === path.length - 1) return true;
    return visit(
      next.map((f) => f.selectionSet),
      depth + 1,
    );
  };
  return visit(
    info.fieldNodes.map((f) => f.selectionSet),
    0,
  );
}
