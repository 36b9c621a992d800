import { Command } from "commander";
import { describe, expect, it } from "vitest";
import type { CliIo } from "./io.js";
import { buildProgram, COMMANDS, runCli } from "./main.js";

const io = (): CliIo & { text: () => string } => {
  let out = "";
  return {
    out: (s: string) => void (out += s),
    err: (s: string) => void (out += s),
    text: () => out,
  } as CliIo & {
    text: () => string;
  };
};

describe("the hydra command tree, each command loaded only when it runs", () => {
  it("each entry's module registers exactly the commands the entry names", async () => {
    for (const entry of COMMANDS) {
      const program = new Command("hydra");
      const register = await entry.load();
      register(program, io(), { exitCode: 0 });
      expect(program.commands.map((c) => c.name()).sort(), Object.keys(entry.names).join(",")).toEqual(
        Object.keys(entry.names).sort(),
      );
    }
  });

  it("hydra --help lists every command with its summary; a command's --help has its options", async () => {
    const all = io();
    expect(await runCli(["--help"], all)).toBe(0);
    for (const entry of COMMANDS)
      for (const [name, summary] of Object.entries(entry.names))
        expect(all.text()).toMatch(
          new RegExp(`\\n  ${name} +${summary.slice(0, 20).replace(/[()]/g, "\\$&")}`),
        );
    const one = io();
    expect(await runCli(["size", "--help"], one)).toBe(0);
    expect(one.text()).toContain("--risk-pct");
    const viaHelp = io();
    expect(await runCli(["help", "size"], viaHelp)).toBe(0);
    expect(viaHelp.text()).toContain("--risk-pct");
  });

  it("builds only the command asked for; an unknown command is a usage error listing them all", async () => {
    const { program } = await buildProgram(io(), ["size", "--help"]);
    expect(program.commands.map((c) => c.name())).toEqual(["size"]);
    const { program: full } = await buildProgram(io(), [], true);
    expect(full.commands.length).toBe(COMMANDS.reduce((n, e) => n + Object.keys(e.names).length, 0));
    const bad = io();
    expect(await runCli(["nosuch"], bad)).toBe(2);
    expect(bad.text()).toContain("unknown command 'nosuch'");
  });
});
