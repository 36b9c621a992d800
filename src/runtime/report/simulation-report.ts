import { renderPage } from "./html.js";
import { type SimulationView, simulationSection } from "./simulation-section.js";
import { type WalkForwardView, walkForwardSection } from "./walk-forward-section.js";

/** `hydra challenge simulate --report`: the pass probability and its distribution (walk-forward windows when given). */
export function simulationReport(view: SimulationView, walkForward?: WalkForwardView): string {
  return renderPage({
    title: `Challenge simulation: ${view.title}`,
    subtitle: `${view.paths} Monte Carlo paths`,
    sections: [
      simulationSection(view),
      ...(walkForward === undefined ? [] : [walkForwardSection(walkForward)]),
    ],
  });
}
