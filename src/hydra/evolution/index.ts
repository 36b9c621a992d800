export type { Lesson, LessonOptions, LessonTrade, Regime } from "./lessons.js";
export { deriveLessons, LessonBook, lessonVersion } from "./lessons.js";
export type { EvolutionConfig, EvolutionCycle, EvolutionEvent } from "./scheduler.js";
export { DEFAULT_EVOLUTION, EvolutionScheduler } from "./scheduler.js";
export type { Strategy, StrategyStats } from "./strategy.js";
export { breed, crossParams, crossPrompts } from "./strategy.js";
