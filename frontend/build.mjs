// Bundle src/main.js and OpenLayers' CSS into web/static/app/ (run by `make install`).
import { build } from 'esbuild';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const out = new URL('../web/static/app/', import.meta.url).pathname;
mkdirSync(out, { recursive: true });
await build({
  entryPoints: ['src/main.js'],
  bundle: true,
  format: 'esm',
  minify: true,
  sourcemap: true,
  target: ['es2022'],
  outfile: `${out}app.js`,
  logLevel: 'warning',
});
const olCss = readFileSync('node_modules/ol/ol.css', 'utf8');
const ours = readFileSync('src/app.css', 'utf8');
writeFileSync(`${out}app.css`, `${olCss}\n${ours}`);
console.log(`built ${out}app.js and app.css`);
