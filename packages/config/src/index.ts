export { loadConfig, ConfigError, DEV_AUDIT_ANCHOR_KEY, type Config } from './config';
export { createLogger, type Logger } from './logger';
export { packageVersion } from './version';
export { type Clock, systemClock, SettableClock, FileClock, clockFrom } from './clock';
export { type ConsoleOidcClient } from './web';
export { commandOptions } from './command-line';
