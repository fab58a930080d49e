import { startTracing } from '@conduct/operations/tracing';

/** Imported first by the worker's entry point, so the instrumented modules load after it. */
export const tracing = startTracing('conduct-worker');
