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

// 2. Every export condition lists `types` first, for `import` and `require` alike.
for (const [subpath, target] of Object.entries(pkg.exports ?? {})) {
  if (typeof target === 'string') continue;
  for (const [condition, value] of Object.entries(target)) {
    if (typeof value === 'object' && Object.keys(value)[0] !== 'types')
      problems.push(`exports["${subpath}"].${condition} does not list types first`);
  }
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
