import { type ClassType, Field, Int, ObjectType } from 'type-graphql';
import { z } from 'zod';
import { AppError } from './errors';

// `simpleResolvers` on the types a page of cases is made of: their plain fields
// resolve with graphql-js's default resolver instead of type-graphql's middleware
// wrapper (thousands of field resolutions per page; none of them has middleware).
@ObjectType({ simpleResolvers: true, description: 'Relay page information.' })
export class PageInfo {
  @Field({ description: 'Whether another page follows.' }) hasNextPage: boolean;
  @Field(() => String, { nullable: true, description: 'Cursor of the last edge: pass as `after`.' })
  endCursor: string | null;
}

/** A Relay connection type for `node`, e.g. `CaseConnection`. */
export function Connection<T extends object>(node: ClassType<T>, name: string) {
  @ObjectType(`${name}Edge`, { simpleResolvers: true, description: `An edge to a ${name}.` })
  class Edge {
    @Field(() => node, { description: `The ${name}.` }) node: T;
    @Field({ description: 'Opaque cursor of this edge.' }) cursor: string;
  }

  @ObjectType(`${name}Connection`, {
    simpleResolvers: true,
    description: `A page of ${name} records.`,
  })
  class ConnectionType {
    @Field(() => [Edge], { description: 'The edges of this page.' }) edges: Edge[];
    @Field(() => PageInfo, { description: 'Where this page ends.' }) pageInfo: PageInfo;
    // Not simple: the value may be a Promise (counted only when selected), and a
    // compiled query reads a simple field's value as it is, without awaiting it.
    @Field(() => Int, { simple: false, description: 'How many records match, across all pages.' })
    totalCount: number;
  }
  return ConnectionType;
}

/** Keyset cursor: the sort timestamp and id of the last row seen. */
export interface Cursor {
  at: Date;
  id: string;
}

const cursorSchema = z.tuple([z.iso.datetime(), z.uuid()]);

export function encodeCursor(c: Cursor): string {
  return Buffer.from(JSON.stringify([c.at.toISOString(), c.id])).toString('base64url');
}

export function decodeCursor(cursor: string | undefined | null): Cursor | undefined {
  if (!cursor) return undefined;
  try {
    const [at, id] = cursorSchema.parse(
      JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')),
    );
    return { at: new Date(at), id };
  } catch {
    throw new AppError('BAD_USER_INPUT', 'after: not a cursor this API issued', { field: 'after' });
  }
}

export const pageSize = z.number().int().min(1).max(100);

/** An edge whose cursor is encoded only if the operation asks for it. */
export class LazyEdge<R, N> {
  constructor(
    readonly node: N,
    private readonly row: R,
    private readonly cursorOf: (row: R) => Cursor,
  ) {}

  get cursor(): string {
    return encodeCursor(this.cursorOf(this.row));
  }
}

/**
 * Builds a connection from `first + 1` rows fetched in order. `totalCount` may
 * be a function: it then runs only when the operation selects the field, so a
 * page does not pay for a count that grows with the data unless asked. Cursors,
 * too, are encoded only when read.
 */
export function toConnection<R, N>(
  rows: R[],
  first: number,
  totalCount: number | (() => Promise<number>),
  cursorOf: (row: R) => Cursor,
  toNode: (row: R) => N,
) {
  const page = rows.slice(0, first);
  const edges = page.map((row) => new LazyEdge(toNode(row), row, cursorOf));
  const pageInfo = {
    hasNextPage: rows.length > first,
    get endCursor(): string | null {
      return edges.at(-1)?.cursor ?? null;
    },
  };
  if (typeof totalCount === 'number') return { edges, pageInfo, totalCount };
  let counted: Promise<number> | undefined;
  return {
    edges,
    pageInfo,
    // Read by the field's resolver (a Promise is a valid field value).
    get totalCount(): number {
      return (counted ??= totalCount()) as unknown as number;
    },
  };
}
