import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  plugins: [react()],
  // Relative asset paths, so the built app (mock API included) runs from any folder or host.
  base: './',
  server: { port: 5173 },
  preview: { port: 4173 },
});
