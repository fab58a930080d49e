import { randomUUID } from 'node:crypto';
import type { HttpRequest, HttpResponse } from '../http/handler';
import { LRUCache } from 'lru-cache';
import { writeJson } from '../http/json-response';
import {
  GraphQLError,
  Lexer,
  Source,
  TokenKind,
  type ASTVisitor,
  type ValidationContext,
} from 'graphql';

export const MAX_TOKENS = 1000;
export const MAX_ALIASES = 15;

/**
 * Documents already counted and found within the limit: clients send the same
 * few documents again and again, and lexing one costs more than the rest of a
 * small request. Bounded by the documents' total length.
 */
const withinLimit = new LRUCache<string, true>({
  maxSize: 4 * 1024 * 1024,
  sizeCalculation: (_v, query) => query.length || 1,
});

/** Whether a document has at most MAX_TOKENS tokens (false as well when it does not lex). */
function countedWithin(query: string): boolean | undefined {
  const lexer = new Lexer(new Source(query));
  let tokens = 0;
  try {
    while (lexer.advance().kind !== TokenKind.EOF && tokens <= MAX_TOKENS) tokens += 1;
  } catch {
    return undefined; // the parser reports the syntax error itself
  }
  return tokens <= MAX_TOKENS;
}

/**
 * The token limit, counted with graphql's own lexer before Apollo parses the
 * document. In place of graphql-armor's, whose refusal (thrown from Apollo's
 * parsing hook) became HTTP 500: this one answers 400 with a parse-failure code.
 */
export function tokenLimit(req: HttpRequest, res: HttpResponse, next: () => void): void {
  const query = (req.body as { query?: unknown } | undefined)?.query;
  if (typeof query !== 'string' || withinLimit.has(query)) return next();
  const within = countedWithin(query);
  if (within === undefined) return next();
  if (within) {
    withinLimit.set(query, true);
    return next();
  }
  writeJson(res, 400, {
    errors: [
      {
        message: 'Syntax Error: the document has too many tokens',
        extensions: { code: 'GRAPHQL_PARSE_FAILED', correlationId: randomUUID() },
      },
    ],
  });
}

/**
 * At most MAX_ALIASES aliases in a document, `__typename` included (graphql-armor's
 * alias limit skips it, so 10,000 `__typename` aliases passed).
 */
export function aliasLimitRule(context: ValidationContext): ASTVisitor {
  let aliases = 0;
  return {
    Field(node) {
      if (node.alias && ++aliases === MAX_ALIASES + 1)
        context.reportError(new GraphQLError('Too many aliases', { nodes: [node] }));
    },
  };
}
