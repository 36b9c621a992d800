import { describe, expect, it } from "vitest";
import { isHydraError } from "../core/errors.js";
import {
  isTerminal,
  nextOrderState,
  ORDER_TRANSITIONS,
  type OrderEvent,
  type OrderState,
} from "./order-state.js";

const STATES = Object.keys(ORDER_TRANSITIONS) as OrderState[];
const EVENTS: OrderEvent[] = ["deny", "submit", "accept", "reject", "cancel", "expire", "fill"];

describe("order state machine", () => {
  it("follows the documented paths", () => {
    const walk = (events: OrderEvent[]): OrderState =>
      events.reduce<OrderState>((s, e) => nextOrderState(s, e), "initialized");
    expect(walk(["deny"])).toBe("denied");
    expect(walk(["submit", "fill"])).toBe("filled");
    expect(walk(["submit", "reject"])).toBe("rejected");
    expect(walk(["submit", "accept", "fill"])).toBe("filled");
    expect(walk(["submit", "accept", "cancel"])).toBe("canceled");
    expect(walk(["submit", "accept", "expire"])).toBe("expired");
    expect(walk(["submit", "cancel"])).toBe("canceled");
  });

  it("rejects every transition not in the table with a typed error", () => {
    let legal = 0;
    for (const s of STATES) {
      for (const e of EVENTS) {
        const target = ORDER_TRANSITIONS[s][e];
        if (target !== undefined) {
          legal++;
          expect(nextOrderState(s, e)).toBe(target);
          continue;
        }
        try {
          nextOrderState(s, e, "O1");
          expect.unreachable(`${s} --${e}--> should be illegal`);
        } catch (err) {
          expect(isHydraError(err) && err.code).toBe("ORDER_TRANSITION");
          expect(isHydraError(err) && err.details).toMatchObject({ state: s, event: e, orderId: "O1" });
        }
      }
    }
    expect(legal).toBe(10);
  });

  it("has no way out of a terminal state and a way out of every other", () => {
    expect(STATES.filter(isTerminal).sort()).toEqual(["canceled", "denied", "expired", "filled", "rejected"]);
    for (const s of ["initialized", "submitted", "accepted"] as const) expect(isTerminal(s)).toBe(false);
  });

  it("cannot fill twice", () => {
    expect(() => nextOrderState("filled", "fill")).toThrow(/cannot fill/);
  });
});
