import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["src/**/*.test.ts", "bench/**/*.test.ts"],
    sequence: { shuffle: true },
    testTimeout: 60_000,
    pool: "forks",
  },
});
