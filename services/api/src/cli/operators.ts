import 'reflect-metadata';
import {
  ConfigError,
  commandOptions,
  createLogger,
  loadConfig,
  systemClock,
} from '@conduct/config';
import { createDataSource } from '@conduct/db';
import {
  addOperator,
  deactivateOperator,
  listOperators,
  operatorEmail,
} from '../operators/operator-roster';
import { openConnections } from '../runtime/connections';

const USAGE =
  'usage: pnpm run operators (--list | --add --email <email> --name <name> | --deactivate --email <email>)';

/** `pnpm run operators`: lists, adds or deactivates the platform's operators. */
async function main(): Promise<void> {
  const { values } = commandOptions(
    {
      args: process.argv.slice(2).filter((a) => a !== '--'),
      options: {
        list: { type: 'boolean', default: false },
        add: { type: 'boolean', default: false },
        deactivate: { type: 'boolean', default: false },
        email: { type: 'string' },
        name: { type: 'string' },
      },
    },
    USAGE,
  );
  const actions = [values.list, values.add, values.deactivate].filter(Boolean).length;
  const email = values.email === undefined ? undefined : operatorEmail.safeParse(values.email);
  if (actions !== 1 || (!values.list && !email?.success) || (values.add && !values.name?.trim())) {
    console.error(email && !email.success ? `--email: not an email address\n${USAGE}` : USAGE);
    process.exit(2);
  }
  const config = loadConfig();
  const connections = await openConnections(config, createLogger('operators', config.LOG_LEVEL), {
    redis: false,
  });
  const ds = createDataSource(connections.databaseUrl, 'app', 1);
  await ds.initialize();
  try {
    if (values.list) {
      for (const o of await listOperators(ds)) {
        console.log(`${o.email}\t${o.displayName}\t${o.active ? 'active' : 'deactivated'}`);
      }
    } else if (values.add) {
      const change = await addOperator(ds, email!.data!, values.name!.trim(), systemClock.now());
      console.log(`${email!.data}: ${change}`);
    } else {
      const change = await deactivateOperator(ds, email!.data!, systemClock.now());
      console.log(`${email!.data}: ${change}`);
      if (change === 'unknown') process.exitCode = 1;
    }
  } finally {
    await ds.destroy();
    await connections.stopLocalServers();
  }
}

main().catch((e: unknown) => {
  console.error(e instanceof ConfigError ? e.message : e);
  process.exit(1);
});
