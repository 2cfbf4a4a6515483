import { defineConfig } from "vitest/config";

// `npm run test:slow`: the suites `npm test` leaves out because they take minutes, not seconds.
export default defineConfig({
  test: {
    globalSetup: ["test/setup/tempCount.ts"],
    setupFiles: ["test/setup/tempSandbox.ts"],
    include: ["test/slow/**/*.test.ts"],
    testTimeout: 600_000,
    hookTimeout: 600_000,
  },
});
