import DataLoader from 'dataloader';
import type { RequestContext } from './context';

const perRequest = new WeakMap<RequestContext, Map<string, DataLoader<string, unknown>>>();

/**
 * A DataLoader that lives for one request, so nested lists (a page of cases
 * with their contacts) cost one query per kind, not one per parent.
 */
export function loaderFor<V>(
  ctx: RequestContext,
  name: string,
  batch: (keys: readonly string[]) => Promise<Map<string, V>>,
  empty: () => V,
): DataLoader<string, V> {
  let loaders = perRequest.get(ctx);
  if (!loaders) perRequest.set(ctx, (loaders = new Map()));
  let loader = loaders.get(name) as DataLoader<string, V> | undefined;
  if (!loader) {
    loader = new DataLoader<string, V>(async (keys) => {
      const found = await batch(keys);
      return keys.map((k) => found.get(k) ?? empty());
    });
    loaders.set(name, loader as DataLoader<string, unknown>);
  }
  return loader;
}

/** Groups rows by a key into a Map, for the batch functions above. */
export function groupBy<R>(rows: R[], key: (row: R) => string): Map<string, R[]> {
  const map = new Map<string, R[]>();
  for (const row of rows) {
    const k = key(row);
    const list = map.get(k);
    if (list) list.push(row);
    else map.set(k, [row]);
  }
  return map;
}

/**
 * A per-request loader of the rows belonging to many parents (a case's
 * contacts, a proposal's steps): `load` fetches them for all requested parent
 * ids in one query and `parentOf` says which parent each row belongs to.
 */
export function rowsByParent<R>(
  ctx: RequestContext,
  name: string,
  load: (ids: string[]) => Promise<R[]>,
  parentOf: (row: R) => string | null,
): DataLoader<string, R[]> {
  return loaderFor<R[]>(
    ctx,
    name,
    async (ids) => groupBy(await load([...ids]), (r) => parentOf(r) ?? ''),
    () => [],
  );
}
