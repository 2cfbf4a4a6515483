import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    globalSetup: ["test/setup/tempCount.ts"],
    setupFiles: ["test/setup/tempSandbox.ts"],
    include: ["test/**/*.test.ts"],
    // The slow suites (kill-and-resume, parallel sweeps, the bench smoke, packing the package, long
    // simulations) run from `npm run test:slow` (vitest.slow.config.ts), so the inner loop stays short.
    exclude: ["test/slow/**", "**/node_modules/**"],
    // vitest's default is cores − 1 workers, one on a 2-core machine; the main process only waits, so
    // every core runs a suite.
    maxWorkers: availableParallelism(),
    // Property suites run thousands of exact knapsacks; the default 5 s is too tight on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
