import { defineConfig } from "vitest/config";

// The real-browser test of the generated report (npm run test:browser); npm test does not run it.
export default defineConfig({
  test: {
    globalSetup: ["test/setup/tempCount.ts"],
    setupFiles: ["test/setup/tempSandbox.ts"],
    include: ["test-browser/**/*.test.ts"],
    // Launching Chromium and drawing every figure takes seconds; a cold start on a 2-core machine more.
    testTimeout: 120_000,
    hookTimeout: 120_000,
  },
});
