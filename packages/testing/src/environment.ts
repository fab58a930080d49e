/** Set by the global set-up for every test file of the run. */
export const TEST_PG_URL_VAR = 'CONDUCT_TEST_PG_URL';
export const TEMPLATE_DB = 'conduct_template';
export const TEST_APP_PASSWORD = 'conduct-app-test';

export function testServerUrl(): string {
  const url = process.env[TEST_PG_URL_VAR];
  if (!url)
    throw new Error(
      `${TEST_PG_URL_VAR} is not set: add @conduct/testing/global-setup to jest's globalSetup`,
    );
  return url;
}

export function databaseUrl(
  serverUrl: string,
  database: string,
  user?: { name: string; password: string },
): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  if (user) {
    url.username = user.name;
    url.password = user.password;
  }
  return url.toString();
}
