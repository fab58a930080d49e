/**
 * Layout that shows it (issue 12): no package's folders form an import cycle. A
 * folder-scoped rule sees e.g. services/api/src/<module>/ as one node, so a cycle
 * between two modules' files fails lint even when no file-level cycle exists.
 * In the API:
 * Feature folders build on request/, graphql/, authorization/ and casework/;
 * composition (schema.ts, server.ts, document-routes.ts, api-process.ts) sits at
 * the root, which only main.ts, start.ts and the CLIs import.
 */
module.exports = {
  forbidden: [
    {
      name: 'no-folder-cycle',
      severity: 'error',
      comment: 'Folders import each other one way: move shared code down or composition up.',
      scope: 'folder',
      from: { path: '^(services|packages)/[^/]+/src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module-level import cycle.',
      from: { path: '^(services|packages)/[^/]+/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/dist' },
    tsPreCompilationDeps: true,
    combinedDependencies: false,
  },
};
