/**
 * Makes `@mrleebo/prisma-ast` loadable under mocha + tsx.
 *
 * prisma-ast is CommonJS and `require`s chevrotain 11, which is ESM-only. Plain Node 20.19+ handles
 * that natively (require(esm)), and esbuild bundles it, but tsx's CommonJS hook transpiles
 * chevrotain's ESM files to CommonJS itself, and their imports of `@chevrotain/*` (whose `exports`
 * only have an "import" condition) then fail with ERR_PACKAGE_PATH_NOT_EXPORTED
 * (privatenumber/tsx#239). chevrotain also ships a self-contained `lib/chevrotain.mjs` with no bare
 * imports; Node loads that `.mjs` natively, so we put it in the require cache under the path that
 * `require('chevrotain')` resolves to. Running mocha with `--conditions=import` would also work.
 */
import * as path from 'path';
import { Module } from 'module';

const apiPath = require.resolve('chevrotain');
if (require.cache[apiPath] === undefined) {
  const bundled = path.join(path.dirname(apiPath), '..', 'chevrotain.mjs');
  const shim = new Module(apiPath);
  shim.filename = apiPath;
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  shim.exports = require(bundled) as unknown;
  shim.loaded = true;
  require.cache[apiPath] = shim;
}
