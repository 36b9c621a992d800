import { IANAZone } from "luxon";
import { describe, expect, it } from "vitest";
import { isValidZone } from "./time-zone.js";

describe("isValidZone", () => {
  it("decides as luxon's IANAZone.isValidZone", () => {
    const zones = ["Europe/Prague", "America/New_York", "UTC", "utc", "Etc/GMT+2", "EST5EDT"];
    const bad = ["", "Foo/Bar", "America/New_York ", "+02:00", "Europe/Pragu"];
    for (const z of [...zones, ...bad]) expect(isValidZone(z), z).toBe(IANAZone.isValidZone(z));
    for (const z of zones) expect(isValidZone(z), z).toBe(true);
    for (const z of bad) expect(isValidZone(z), z).toBe(false);
  });
});
