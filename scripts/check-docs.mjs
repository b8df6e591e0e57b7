#!/usr/bin/env node
// Checks what the READMEs promise a newcomer against the repository (`npm run lint:root`):
// one Node version everywhere, and commands that run as written.
import { readdirSync, readFileSync } from 'node:fs';

const problems = [];
const readmes = [
  'README.md',
  ...['packages', 'apps'].flatMap((group) =>
    readdirSync(group).map((name) => `${group}/${name}/README.md`),
  ),
].filter((path) => {
  try {
    readFileSync(path);
    return true;
  } catch {
    return false;
  }
});

// The Node version the READMEs state is the one the packages' engines need.
const engines = new Set(
  readdirSync('packages').map(
    (name) => JSON.parse(readFileSync(`packages/${name}/package.json`, 'utf8')).engines?.node,
  ),
);
if (engines.size !== 1)
  problems.push(`packages disagree on engines.node: ${[...engines].join(', ')}`);
const floor = /\d+\.\d+/.exec([...engines][0] ?? '')?.[0];
const root = readFileSync('README.md', 'utf8');
if (!root.includes(`Node.js ${floor} or later`))
  problems.push(`README.md does not say "Node.js ${floor} or later", which every package needs`);
for (const path of readmes) {
  const text = readFileSync(path, 'utf8');
  for (const [line] of text.matchAll(/Node(?:\.js)? (\d+) or later/g)) {
    if (!line.includes(floor ?? ''))
      problems.push(`${path} says "${line}"; the packages need ${floor}`);
  }
  // A quick start with top-level await runs only as an ES module: the README must say so.
  const example = /```(?:ts|js|tsx)\n([\s\S]*?)```/.exec(text);
  const lead = example ? text.slice(text.lastIndexOf('\n## ', example.index), example.index) : '';
  if (/^(?:const .*= )?await /m.test(example?.[1] ?? '') && !/ES module/.test(lead))
    problems.push(`${path}: its first example uses top-level await; say it is an ES module`);
  // Without the package installed, `npx org-mock-api` fetches an unrelated unscoped package.
  if (/npx (?!-p @org\/mock-api )org-mock-api/.test(text))
    problems.push(`${path} runs "npx org-mock-api"; say "npx -p @org/mock-api org-mock-api"`);
}

if (problems.length > 0) {
  console.error(`README check failed:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
console.log(`README check: ${readmes.length} READMEs state Node ${floor}+ and runnable commands`);
