import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { dataDir, dataFile } from "./data-dir.js";

const saved = process.env.HYDRA_DATA_DIR;
afterEach(() => {
  if (saved === undefined) delete process.env.HYDRA_DATA_DIR;
  else process.env.HYDRA_DATA_DIR = saved;
});

describe("dataDir / dataFile", () => {
  it("defaults to ../shared/data beside the repository", () => {
    delete process.env.HYDRA_DATA_DIR;
    const repo = path.resolve(import.meta.dirname, "../..");
    expect(dataDir()).toBe(path.resolve(repo, "../shared/data"));
  });

  it("follows HYDRA_DATA_DIR and returns undefined for absent files", () => {
    process.env.HYDRA_DATA_DIR = import.meta.dirname;
    expect(dataDir()).toBe(import.meta.dirname);
    expect(dataFile("data-dir.ts")).toBe(path.join(import.meta.dirname, "data-dir.ts"));
    expect(dataFile("no/such/file.csv.gz")).toBeUndefined();
  });
});
