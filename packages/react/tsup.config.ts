import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  external: ['react', 'react/jsx-runtime', '@tanstack/react-query', '@org/client'],
  format: ['esm'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'es2023',
  // Hooks and the provider run only on the client: React Server Components must import them as such.
  banner: { js: "'use client';" },
});
