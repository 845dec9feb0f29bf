// Bundles the extension and the CLI (shape of the official esbuild sample).
const esbuild = require('esbuild');
const fs = require('fs');
const path = require('path');

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

/** Prints errors in the form VS Code's esbuild problem matcher reads. */
const esbuildProblemMatcherPlugin = {
  name: 'esbuild-problem-matcher',
  setup(build) {
    build.onStart(() => console.log('[watch] build started'));
    build.onEnd((result) => {
      for (const { text, location } of result.errors) {
        console.error(`✘ [ERROR] ${text}`);
        if (location) console.error(`    ${location.file}:${location.line}:${location.column}:`);
      }
      console.log('[watch] build finished');
    });
  },
};

/**
 * Heavy libraries used only on some paths are separate files next to the bundle, required on first
 * use: the Prisma schema parser (chevrotain's grammar takes ~80 ms to build), sql.js, and the MySQL
 * and PostgreSQL drivers (mysql2 brings ~1 MB with iconv-lite). Activation loads none of them.
 */
const LAZY = {
  '@mrleebo/prisma-ast': 'prisma-ast',
  // sql.js's JavaScript half: only the apply's dry run and the migration-history proofs use it.
  'sql.js': 'sql-js',
  mysql2: 'live-mysql',
  pg: 'live-pg',
  // The YAML parser: only the Symfony stack reads YAML (config/packages/framework.yaml, services.yaml).
  yaml: 'yaml',
};

/**
 * Our own modules built as separate files the same way: src/cli/mcpSdk.ts re-exports the MCP SDK
 * (and zod), which only `session-doctor mcp` requires. Other commands and the extension never load it.
 * Each is required (never imported) by its users, so the main bundles hold none of it.
 */
const LAZY_LOCAL = {
  './mcpSdk': { out: 'mcp-sdk', entry: 'src/cli/mcpSdk.ts' },
  // The Django settings reader (a small Python reader): required only where a manage.py is found.
  './settingsReader': { out: 'django-settings', entry: 'src/core/stacks/django/settingsReader.ts' },
};

/**
 * The extension loads the diagnosis itself (the pipeline and every stack) on its first check, from
 * its own file: activation then loads only the shell, however many stacks there are. Only the
 * extension's dynamic `import('../core/pipeline')` resolves to it; the CLI bundles the pipeline.
 */
const LAZY_PIPELINE = { out: 'pipeline', entry: 'src/core/pipeline.ts' };

const lazyLibrariesPlugin = {
  name: 'lazy-libraries',
  setup(build) {
    const filter = new RegExp(
      `^(${Object.keys(LAZY)
        .map((k) => k.replace(/[/.]/g, '\\$&'))
        .join('|')})$`,
    );
    build.onResolve({ filter }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return { path: `./${LAZY[args.path]}.js`, external: true };
    });
    build.onResolve({ filter: /^\.\.\/core\/pipeline$/ }, (args) => {
      if (args.kind !== 'dynamic-import' || !/[\\/]src[\\/]extension[\\/]/.test(args.importer)) return undefined;
      return { path: `./${LAZY_PIPELINE.out}.js`, external: true };
    });
    build.onResolve({ filter: /^\.\/(mcpSdk|settingsReader)$/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      return { path: `./${LAZY_LOCAL[args.path].out}.js`, external: true };
    });
  },
};

/** sql.js loads its wasm at run time: ship it next to the bundle. */
function copyWasm() {
  fs.mkdirSync('dist', { recursive: true });
  fs.copyFileSync(path.join('node_modules', 'sql.js', 'dist', 'sql-wasm.wasm'), path.join('dist', 'sql-wasm.wasm'));
}

async function main() {
  copyWasm();
  const ctx = await esbuild.context({
    entryPoints: {
      extension: 'src/extension/main.ts',
      cli: 'src/cli/main.ts',
      // Each lazy library is its own entry: the package itself, bundled with its dependencies.
      ...Object.fromEntries(Object.entries(LAZY).map(([pkg, out]) => [out, require.resolve(pkg)])),
      ...Object.fromEntries(Object.values(LAZY_LOCAL).map(({ out, entry }) => [out, entry])),
      [LAZY_PIPELINE.out]: LAZY_PIPELINE.entry,
    },
    bundle: true,
    format: 'cjs',
    minify: production,
    sourcemap: !production,
    sourcesContent: false,
    platform: 'node',
    target: 'node20',
    outdir: 'dist',
    external: ['vscode'],
    logLevel: 'silent',
    metafile: true,
    plugins: [lazyLibrariesPlugin, esbuildProblemMatcherPlugin],
  });
  if (watch) {
    await ctx.watch();
  } else {
    const result = await ctx.rebuild();
    fs.writeFileSync(path.join('dist', 'meta.json'), JSON.stringify(result.metafile));
    await ctx.dispose();
  }
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
