import { Foundation1764000000001 } from './0001-foundation';

/** In order; a new migration is appended here. */
export const migrations = [Foundation1764000000001];
