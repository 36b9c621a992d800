import { killSwitchStoreContract } from "../risk/kill-switch/kill-switch-store.contract.js";
import type { KillSwitchStore } from "../risk/kill-switch/kill-switch-store.js";
import { MemoryKillSwitchStore } from "./memory-kill-switch-store.js";

// persistence cannot import risk, so the class does not say `implements KillSwitchStore`: check it here.
const fits = (s: MemoryKillSwitchStore): KillSwitchStore => s;

killSwitchStoreContract("memory", () => {
  const first = new MemoryKillSwitchStore();
  return { connect: () => fits(first.connect()), cleanup: () => {} };
});
