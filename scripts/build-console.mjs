// Builds the web console (apps/console) into dist/console with esbuild: one hashed script and one hashed
// stylesheet, and an index.html that loads them from /console/assets (no inline script or style, so the API's
// strict Content-Security-Policy applies to the console unchanged). `npm run build` runs it after tsc.
import { build } from 'esbuild';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = process.env.ONEWINDOW_CONSOLE_DIR ?? join(root, 'dist', 'console');
const started = Date.now();

rmSync(out, { recursive: true, force: true });
mkdirSync(join(out, 'assets'), { recursive: true });
const result = await build({
  entryPoints: [join(root, 'apps', 'console', 'src', 'main.tsx')],
  bundle: true,
  minify: true,
  sourcemap: true,
  format: 'esm',
  target: ['chrome120', 'firefox120', 'safari16'],
  outdir: join(out, 'assets'),
  entryNames: '[name]-[hash]',
  jsx: 'automatic',
  define: { 'process.env.NODE_ENV': '"production"' },
  metafile: true,
  logLevel: 'warning',
  legalComments: 'linked',
});
const outputs = Object.keys(result.metafile.outputs);
const script = outputs.find((file) => file.endsWith('.js'));
const style = outputs.find((file) => file.endsWith('.css'));
if (!script || !style) throw new Error(`esbuild wrote no script or stylesheet: ${outputs.join(', ')}`);
writeFileSync(
  join(out, 'index.html'),
  `<!doctype html>
<html lang="zh-CN">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>一窗通办 OneWindow</title>
    <link rel="icon" href="/console/favicon.svg" type="image/svg+xml" />
    <link rel="stylesheet" href="/console/assets/${basename(style)}" />
    <script type="module" src="/console/assets/${basename(script)}"></script>
  </head>
  <body>
    <noscript>一窗通办控制台需要启用 JavaScript。The OneWindow console needs JavaScript.</noscript>
    <div id="root"></div>
  </body>
</html>
`,
);
// The window of 一窗通办, as the tab's icon.
writeFileSync(
  join(out, 'favicon.svg'),
  '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="6" fill="#0b5cad"/>' +
    '<rect x="8" y="8" width="16" height="16" rx="2" fill="none" stroke="#fff" stroke-width="3"/></svg>\n',
);
const size = (file) => Math.round(result.metafile.outputs[file].bytes / 1024);
console.log(
  `[console] built ${out} in ${Date.now() - started} ms: ${basename(script)} ${size(script)} KiB, ${basename(style)} ${size(style)} KiB`,
);
