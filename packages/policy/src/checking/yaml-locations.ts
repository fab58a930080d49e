import { isMap, isPair, isScalar, isSeq, LineCounter, type Document, type Node } from 'yaml';
import type { PathSegment } from '../schema/cross-references';

/** "stages.stage-2.transitions[0].approval[2].role" — the form a tenant admin reads. */
export function formatPath(path: readonly PathSegment[]): string {
  let out = '';
  for (const seg of path) {
    if (typeof seg === 'number') out += `[${seg}]`;
    else out += out === '' ? seg : `.${seg}`;
  }
  return out === '' ? '(top level)' : out;
}

/**
 * Finds the line of the deepest node on `path` that exists, so a missing field
 * points at its parent. `keyName` points at a key inside the map at `path`
 * (used for unknown or badly spelled keys).
 */
export function lineOf(
  doc: Document,
  counter: LineCounter,
  path: readonly PathSegment[],
  keyName?: string,
): number | undefined {
  let node: unknown = doc.contents;
  let offset = rangeStart(node);
  const steps = keyName === undefined ? path : [...path, keyName];
  for (let i = 0; i < steps.length; i++) {
    const seg = steps[i];
    const isKeyTarget = keyName !== undefined && i === steps.length - 1;
    if (isMap(node)) {
      const pair = node.items.find(
        (p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(seg),
      );
      if (!pair) break;
      if (isKeyTarget) {
        offset = rangeStart(pair.key) ?? offset;
        break;
      }
      node = pair.value;
      // The key's line: a nested map's own range starts on the line below its key.
      offset = rangeStart(pair.key) ?? rangeStart(node) ?? offset;
    } else if (isSeq(node) && typeof seg === 'number') {
      const item = node.items[seg];
      if (item === undefined) break;
      node = item;
      offset = rangeStart(node) ?? offset;
    } else break;
  }
  return offset === undefined ? undefined : counter.linePos(offset).line;
}

/**
 * The line of `near` inside the value at `path` (the first occurrence), so a
 * problem in a long block of text points at its own line; else the value's line.
 */
export function lineOfTextIn(
  doc: Document,
  counter: LineCounter,
  source: string,
  path: readonly PathSegment[],
  near: string,
): number | undefined {
  const range = (doc.getIn(path, true) as Node | undefined)?.range;
  const found = range ? source.slice(range[0], range[1]).indexOf(near) : -1;
  if (!range || found < 0) return lineOf(doc, counter, path);
  return counter.linePos(range[0] + found).line;
}

function rangeStart(node: unknown): number | undefined {
  const range = (node as Node | null | undefined)?.range;
  return range ? range[0] : undefined;
}
