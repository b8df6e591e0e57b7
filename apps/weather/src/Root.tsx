import type { Client } from '@org/client';
import { AuthedQueryProvider } from '@org/react';
import { type QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { App } from './App.js';
import { type Demo, DemoContext } from './demo.js';

/** The app with its providers: everything it needs comes in as props, so tests can pass their own. */
export function Root({
  client,
  queryClient,
  demo,
}: {
  client: Client;
  queryClient: QueryClient;
  demo: Demo;
}) {
  return (
    <QueryClientProvider client={queryClient}>
      <AuthedQueryProvider client={client}>
        <DemoContext.Provider value={demo}>
          <App />
        </DemoContext.Provider>
      </AuthedQueryProvider>
    </QueryClientProvider>
  );
}
