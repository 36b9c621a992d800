import { describe, expect, it } from "vitest";
import { StartupUndo } from "./startup-undo.js";

describe("StartupUndo", () => {
  it("closes what was opened, newest first, even when one closer fails", async () => {
    const closed: string[] = [];
    const u = new StartupUndo();
    u.add(() => closed.push("bridge"));
    u.add(() => {
      throw new Error("already closed");
    });
    u.add(async () => {
      closed.push("server");
    });
    await u.undo();
    expect(closed).toEqual(["server", "bridge"]);
    await u.undo();
    expect(closed).toEqual(["server", "bridge"]);
  });

  it("closes nothing once the node is up (its shutdown owns its resources)", async () => {
    const closed: string[] = [];
    const u = new StartupUndo();
    u.add(() => closed.push("bridge"));
    u.started();
    u.add(() => closed.push("late"));
    await u.undo();
    expect(closed).toEqual([]);
  });
});
