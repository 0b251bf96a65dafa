// The import rules of docs/architecture.md, checked in `npm run lint`.
const stages = ['model', 'controls', 'importers', 'inventory', 'rules', 'engine', 'report'];

const laterStageRules = stages.map((stage, i) => ({
  name: `shared-${stage}-no-later-stage`,
  comment: `shared/${stage} may not import a later stage of the flow (${stages.slice(i + 1).join(', ')})`,
  severity: 'error',
  from: { path: `^shared/${stage}/` },
  to: { path: `^shared/(${stages.slice(i + 1).join('|') || 'x^'})/` },
}));

module.exports = {
  forbidden: [
    {
      name: 'shared-is-pure',
      comment: 'shared/ runs everywhere: no node:* builtins, no electron, no other top-level folder',
      severity: 'error',
      from: { path: '^shared/' },
      to: { pathNot: '^shared/|node_modules/(zod|yaml|js-yaml|sax)/' },
    },
    {
      name: 'shared-api-uses-model-only',
      severity: 'error',
      from: { path: '^shared/api/' },
      to: { path: '^shared/', pathNot: '^shared/(api|model)/' },
    },
    ...laterStageRules,
    {
      name: 'node-side-no-electron',
      comment: 'electron/node is Electron-free and never reaches into the UI',
      severity: 'error',
      from: { path: '^electron/node/' },
      to: { path: '^renderer/|^electron/(main|preload|cli)/|node_modules/electron/' },
    },
    {
      name: 'node-side-no-electron-builtin',
      severity: 'error',
      from: { path: '^electron/(node|cli)/' },
      to: { dependencyTypes: ['core'], path: '^electron$' },
    },
    {
      name: 'main-imports',
      severity: 'error',
      from: { path: '^electron/main/' },
      to: { path: '^renderer/|^electron/(preload|cli)/' },
    },
    {
      name: 'test-transport-is-for-tests',
      comment: 'the HTTP test transport is never part of the app: only tests (and itself) may import it',
      severity: 'error',
      from: { pathNot: '^test/|^electron/node/test-transport/' },
      to: { path: '^electron/node/test-transport/' },
    },
    {
      name: 'preload-imports',
      comment: 'the preload sees only the contract and electron',
      severity: 'error',
      from: { path: '^electron/preload/' },
      to: { pathNot: '^electron/preload/|^shared/api/|^shared/model/|node_modules/(zod|electron)/|^electron$' },
    },
    {
      name: 'cli-no-electron',
      severity: 'error',
      from: { path: '^electron/cli/' },
      to: { path: '^renderer/|^electron/(main|preload)/|node_modules/electron/' },
    },
    {
      name: 'renderer-imports',
      comment: 'the renderer talks to the services only through the contract',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: '^electron/|node_modules/electron/' },
    },
    {
      name: 'renderer-no-node-builtins',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default'] },
  },
};
