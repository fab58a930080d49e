/**
 * Layout that shows it (issue 12): the API's folders form no import cycle. A
 * folder-scoped rule sees services/api/src/<module>/ as one node, so a cycle
 * between two modules' files fails lint even when no file-level cycle exists.
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
      from: { path: '^services/api/src/' },
      to: { circular: true },
    },
    {
      name: 'no-circular',
      severity: 'error',
      comment: 'No module-level import cycle in the API.',
      from: { path: '^services/api/src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '\\.test\\.ts$|/dist' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: require('node:path').join(__dirname, 'tsconfig.json') },
    combinedDependencies: false,
  },
};
