import { createHash } from 'node:crypto';

/** Statement texts given a name so far, by text; at most PREPARED_KEPT (a selection shapes the text). */
const named = new Map<string, string>();
const PREPARED_KEPT = 200;

/**
 * A statement run often with a name, so Postgres parses and plans it once per
 * pooled connection rather than on every run: planning was about a third of the
 * case list's time in Postgres, and a quarter of a purge batch's (its one large
 * statement touches a dozen tables). Texts past the first PREPARED_KEPT run
 * unnamed: what a client selects shapes a read's text, and each name is kept by
 * every connection that ran it. Pass the result to `em.query` as its text.
 */
export function prepared(text: string): string {
  let name = named.get(text);
  if (name === undefined) {
    if (named.size >= PREPARED_KEPT) return text;
    name = `r${createHash('sha1').update(text).digest('hex').slice(0, 20)}`;
    named.set(text, name);
  }
  // The driver takes a query config ({ name, text }) where TypeORM passes the text through.
  return { name, text } as unknown as string;
}
