// The CLI straight from the TypeScript sources (tests spawn it with `node --import tsx`).
import { main } from '../index.js';

await main();
