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
    // The files share their worker's module cache instead of each loading the model, vega and zod anew
    // (about 45 s of a 2-core run's 130 s went to imports). A file that mocks a module imports what it
    // tests after vi.resetModules() (test/simulateCheck.test.ts); the temp-dir sandbox is still per file.
    isolate: false,
    // Property suites run thousands of exact knapsacks; the default 5 s is too tight on a 2-core machine.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
