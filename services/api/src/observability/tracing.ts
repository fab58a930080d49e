import { startTracing } from '@conduct/operations/tracing';

/** Imported first by the API's entry point, so the instrumented modules load after it. */
export const tracing = startTracing('conduct-api');
