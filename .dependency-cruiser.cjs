/**
 * The boundaries between the packages (`npm run lint`): each concept in the one place its name says, layers that only
 * point down, no cycles. Packages: apps/<app>, libs/<lib>, activities, workflows (and test, bench, which may use any).
 * @type {import('dependency-cruiser').IConfiguration}
 */
const PACKAGE = '^(apps/[^/]+|libs/[^/]+|activities|workflows|test|bench)/';
/**
 * What a lib offers besides its index: Node-side entries that must stay out of the workflow bundle, a pure entry of
 * a lib whose index is Node-side (canonical JSON, without the hash chain's node:crypto), a test kit.
 */
const PUBLIC_ENTRIES = [
  '^libs/[^/]+/index\\.ts$',
  '^libs/audit/canonical-json\\.ts$',
  '^libs/case/schemas\\.ts$',
  '^libs/contract/http\\.ts$',
  '^libs/catalog/(shipped|format)\\.ts$',
  '^libs/persistence/publish-catalog\\.ts$',
  '^libs/case/testing/.*\\.ts$',
];

module.exports = {
  forbidden: [
    {
      name: 'no-cycle',
      severity: 'error',
      comment: 'a cycle makes two modules one: split the shared part out (types and values alike count)',
      from: {},
      to: { circular: true },
    },
    {
      name: 'no-app-to-app',
      severity: 'error',
      comment: 'apps talk over HTTP or Temporal, never by import: what two apps share is a lib',
      from: { path: '^apps/([^/]+)/' },
      to: { path: '^apps/', pathNot: '^apps/$1/' },
    },
    {
      name: 'no-relative-import-out-of-its-package',
      severity: 'error',
      comment: "another package is imported by its name (@onewindow/<lib>, tsconfig's paths), never as ../../..",
      from: { path: PACKAGE },
      to: { dependencyTypes: ['local'], dependencyTypesNot: ['aliased'], pathNot: '^$1/' },
    },
    {
      name: 'no-reach-into-a-lib',
      severity: 'error',
      comment: 'a lib is used through its index (or a declared public entry), not its internals',
      from: { path: PACKAGE },
      to: { path: '^libs/[^/]+/', pathNot: ['^$1/', ...PUBLIC_ENTRIES] },
    },
    {
      name: 'libs-point-down',
      severity: 'error',
      comment: 'libs are the bottom layer: no app, activity, workflow, test or bench code',
      from: { path: '^libs/' },
      to: { path: '^(apps|activities|workflows|test|bench)/' },
    },
    {
      name: 'activities-and-workflows-point-down',
      severity: 'error',
      comment: 'activities and workflows use libs only (workflows import activities as types)',
      from: { path: '^(activities|workflows)/', pathNot: '\\.test\\.ts$' },
      to: { path: '^(apps|test|bench)/' },
    },
    {
      name: 'workflows-import-activities-as-types',
      severity: 'error',
      comment: 'workflow code runs in the sandbox: activities are proxied, imported as types only',
      from: { path: '^workflows/', pathNot: '\\.test\\.ts$' },
      to: { path: '^activities/', dependencyTypesNot: ['type-only'] },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(dist|dist-bench|node_modules|apps/console/src)/' },
    tsConfig: { fileName: 'tsconfig.json' },
    tsPreCompilationDeps: true,
    enhancedResolveOptions: { extensions: ['.ts', '.tsx', '.js', '.json'] },
  },
};
