import { cleanup } from '@testing-library/react';
import { afterEach } from 'vitest';

// Testing Library turns React's act() environment on from global beforeAll/afterAll hooks, which
// vitest (without globals) does not have: say it here, or every act() warns that it is unsupported.
(globalThis as { IS_REACT_ACT_ENVIRONMENT?: boolean }).IS_REACT_ACT_ENVIRONMENT = true;

afterEach(() => {
  cleanup();
});
