import { Foundation1764000000001 } from './1764000000001-foundation';
import { Casework1764000000002 } from './1764000000002-casework';

/** In order; a new migration is appended here. */
export const migrations = [Foundation1764000000001, Casework1764000000002];
