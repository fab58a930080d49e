import { errorWithoutValues } from './logger';

describe('errors in the log', () => {
  it('keep what went wrong and drop the values a database error carries', () => {
    // The shape of TypeORM's QueryFailedError over a pg error.
    class QueryFailedError extends Error {}
    const err = Object.assign(
      new QueryFailedError('duplicate key value violates unique constraint "k"'),
      {
        query: 'INSERT INTO "customer"("full_name", "email") VALUES ($1, $2)',
        parameters: ['Ada Canary', 'ada@example.org'],
        detail: 'Key (email)=(ada@example.org) already exists.',
        code: '23505',
        table: 'customer',
        constraint: 'k',
        driverError: { detail: 'Key (email)=(ada@example.org) already exists.' },
      },
    );
    const logged = errorWithoutValues(err) as Record<string, unknown>;
    expect(logged).toMatchObject({
      type: 'QueryFailedError',
      message: 'duplicate key value violates unique constraint "k"',
      code: '23505',
      table: 'customer',
      constraint: 'k',
    });
    expect(logged.stack).toEqual(expect.any(String));
    expect(JSON.stringify(logged)).not.toMatch(/Ada Canary|ada@example\.org/);
  });

  it('leaves what is not an error as it is', () => {
    expect(errorWithoutValues('connection refused')).toBe('connection refused');
  });
});
