import { commandOptions } from './command-line';

const USAGE = 'usage: pnpm run thing --name <name>';
const options = { name: { type: 'string' as const } };

/** Runs `commandOptions`, catching the exit it asks for instead of ending the test process. */
function run(args: string[]) {
  const printed: string[] = [];
  const out = jest.spyOn(console, 'log').mockImplementation((s: string) => printed.push(s));
  const err = jest.spyOn(console, 'error').mockImplementation((s: string) => printed.push(s));
  const exit = jest.spyOn(process, 'exit').mockImplementation((code) => {
    throw Object.assign(new Error('exit'), { exitCode: code });
  });
  try {
    return { values: commandOptions({ args, options }, USAGE).values, printed };
  } catch (e) {
    return { exitCode: (e as { exitCode?: number }).exitCode, printed };
  } finally {
    out.mockRestore();
    err.mockRestore();
    exit.mockRestore();
  }
}

describe('commandOptions', () => {
  it('parses the options it is given', () => {
    expect(run(['--name', 'x']).values).toEqual({ name: 'x' });
  });

  it('prints the usage for --help and exits 0', () => {
    expect(run(['--help'])).toEqual({ exitCode: 0, printed: [USAGE] });
  });

  it('names an unknown option, prints the usage and exits 2, without a stack', () => {
    const r = run(['--bogus']);
    expect(r.exitCode).toBe(2);
    expect(r.printed.join('\n')).toMatch(/^Unknown option '--bogus'.*\nusage: pnpm run thing/s);
    expect(r.printed.join('\n')).not.toMatch(/\n\s+at /);
  });

  it('names an option missing its value', () => {
    const r = run(['--name']);
    expect(r.exitCode).toBe(2);
    expect(r.printed.join('\n')).toContain("'--name <value>' argument missing");
  });
});
