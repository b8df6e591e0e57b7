#!/usr/bin/env node
// Checks what a published package ships, run in the package's folder after its build
// (`npm run check:package`): the tarball holds only built files, every export lists `types` first,
// and both an ESM `import` and a CJS `require()` of every entry load.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const problems = [];

// 1. The tarball: dist, the README, package.json, and a package's declared bin; no sources or tests.
const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  }),
);
const bins = Object.values(pkg.bin ?? {}).map((path) => path.replace(/^\.\//, ''));
for (const { path } of packed.files) {
  const allowed =
    path.startsWith('dist/') ||
    ['package.json', 'README.md', 'LICENSE', 'CHANGELOG.md'].includes(path) ||
    bins.includes(path);
  if (!allowed) problems.push(`the tarball ships ${path}`);
  if (/\.test(-d)?\.|\/test\/|\/src\//.test(path))
    problems.push(`the tarball ships test or source file ${path}`);
}

// The files every tarball carries, and the metadata a registry page shows.
const shipped = new Set(packed.files.map((file) => file.path));
for (const file of ['README.md', 'LICENSE', 'CHANGELOG.md', 'package.json']) {
  if (!shipped.has(file)) problems.push(`the tarball lacks ${file}`);
}
for (const field of ['description', 'license', 'homepage', 'keywords']) {
  if (!pkg[field] || (Array.isArray(pkg[field]) && pkg[field].length === 0))
    problems.push(`package.json has no ${field}`);
}
if (!pkg.repository?.url || !pkg.repository?.directory)
  problems.push('package.json needs repository.url and repository.directory');
if (!pkg.bugs?.url) problems.push('package.json has no bugs.url');
// Relative links break on the registry's page, which shows the README outside the repository.
const readme = readFileSync('README.md', 'utf8');
for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
  if (!/^(https?:|mailto:|#)/.test(target)) problems.push(`README.md links to relative ${target}`);
}
if (pkg.main?.endsWith('.cjs') || JSON.stringify(pkg.exports ?? {}).includes('.cjs'))
  problems.push(
    'the package ships a CommonJS build: it is ESM only (require() works by require(esm))',
  );

// React Server Components load a package's client-only hooks only when its modules say so.
if (pkg.peerDependencies?.react) {
  for (const file of packed.files.map((f) => f.path).filter((p) => /^dist\/[^/]+\.js$/.test(p))) {
    if (!/^['"]use client['"];/.test(readFileSync(file, 'utf8')))
      problems.push(`${file} does not start with "use client"`);
  }
}

// 2. Every export lists `types` first.
for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
  if (typeof target === 'string') continue;
  if (Object.keys(target)[0] !== 'types')
    problems.push(`exports["${subpath}"] does not list types first`);
}

// 3. Each entry loads from ESM and from CJS, as a consumer's would.
const entries = Object.keys(pkg.exports ?? { '.': null })
  .filter((subpath) => subpath !== './package.json' && subpath !== './browser')
  .map((subpath) => (subpath === '.' ? pkg.name : `${pkg.name}/${subpath.slice(2)}`));
for (const entry of entries) {
  for (const [label, args] of [
    [
      'import',
      [
        '--input-type=module',
        '-e',
        `const m = await import(${JSON.stringify(entry)}); if (!Object.keys(m).length) process.exit(3);`,
      ],
    ],
    [
      'require',
      [
        '-e',
        `const m = require(${JSON.stringify(entry)}); if (!Object.keys(m).length) process.exit(3);`,
      ],
    ],
  ]) {
    try {
      execFileSync(process.execPath, args, { stdio: 'pipe', cwd: '..' });
    } catch (error) {
      problems.push(
        `${label} ${entry} failed: ${String(error.stderr ?? error.message)
          .split('\n')
          .slice(0, 3)
          .join(' ')}`,
      );
    }
  }
}

if (problems.length > 0) {
  console.error(`${pkg.name}: package check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(
  `${pkg.name}: ${packed.files.length} files in the tarball, exports typed first, ${entries.length} entr${entries.length === 1 ? 'y' : 'ies'} load by import and require`,
);
