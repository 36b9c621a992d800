import { describe, expect, it } from "vitest";
import { resolveInstrument } from "./default-instruments.js";
import { parseInstrumentOverrides } from "./instrument-overrides.js";

describe("instrument overrides from config", () => {
  it("merges fields over the default spec", () => {
    const o = parseInstrumentOverrides('{"XAUUSD": {"commissionPerLot": 3.5, "leverage": 20}}', "cfg.json");
    expect(resolveInstrument("XAUUSD", o.XAUUSD)).toMatchObject({
      commissionPerLot: 3.5,
      leverage: 20,
      contractSize: 100,
    });
  });

  it("names the file and field of a bad entry", () => {
    expect(() => parseInstrumentOverrides("{", "cfg.json")).toThrow(/cfg.json: not valid JSON/);
    expect(() => parseInstrumentOverrides('{"XAUUSD": {"leverage": "20"}}', "cfg.json")).toThrow(
      /XAUUSD.leverage must be a number/,
    );
    expect(() => parseInstrumentOverrides('{"XAUUSD": {"levrage": 20}}', "cfg.json")).toThrow(
      /unknown field XAUUSD.levrage/,
    );
    expect(() =>
      resolveInstrument("XAUUSD", parseInstrumentOverrides('{"XAUUSD": {"volumeStep": -1}}', "c").XAUUSD),
    ).toThrow(/volumeStep must be a positive number/);
  });
});
