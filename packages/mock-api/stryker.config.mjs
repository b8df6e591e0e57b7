import { strykerConfig } from '../../scripts/stryker-base.mjs';

export default strykerConfig({ mutate: ['src/oauth/**/*.ts'] });
