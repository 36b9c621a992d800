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

  it("takes the margin mode, margin rate and currencies, and names a bad mode or currency", () => {
    const o = parseInstrumentOverrides(
      '{"GER40": {"marginMode": "cfd", "marginRate": 0.05, "quoteCurrency": "EUR", "baseCurrency": "EUR"}}',
      "cfg.json",
    );
    expect(resolveInstrument("GER40", o.GER40)).toMatchObject({ marginMode: "cfd", marginRate: 0.05 });
    expect(() => resolveInstrument("GER40", { marginMode: "cash" as never })).toThrow(
      /marginMode must be one of forex, cfd, cfd-leverage, futures, got cash/,
    );
    expect(() => resolveInstrument("GER40", { quoteCurrency: "euro" })).toThrow(
      /quoteCurrency must be a three-letter currency code/,
    );
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

  it("takes swap rates, the triple-swap day and the rollover, and names a bad one", () => {
    const o = parseInstrumentOverrides(
      '{"EURUSD": {"swapLong": -7.1, "swapShort": 2.3, "swapTripleDay": "Wed", "rolloverZone": "UTC", "rolloverHour": 22}}',
      "cfg.json",
    );
    expect(resolveInstrument("EURUSD", o.EURUSD)).toMatchObject({
      swapLong: -7.1,
      swapShort: 2.3,
      swapTripleDay: "Wed",
      rolloverZone: "UTC",
      rolloverHour: 22,
    });
    expect(resolveInstrument("US30")).toMatchObject({ swapLong: 0, swapShort: 0, swapTripleDay: "Fri" });
    expect(() => parseInstrumentOverrides('{"EURUSD": {"swapLong": "-7"}}', "c")).toThrow(
      /EURUSD.swapLong must be a number/,
    );
    const bad = (fields: string) => () =>
      resolveInstrument("EURUSD", parseInstrumentOverrides(`{"EURUSD": ${fields}}`, "c").EURUSD);
    expect(bad('{"swapTripleDay": "Wednesday"}')).toThrow(/swapTripleDay must be one of Sun, Mon/);
    expect(bad('{"rolloverHour": 24}')).toThrow(/rolloverHour must be an integer 0..23/);
    expect(bad('{"rolloverZone": "Mars/Olympus"}')).toThrow(/rolloverZone must be an IANA time zone/);
  });
});
