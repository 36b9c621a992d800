export type { LessonTrade } from "./lessons.js";
export { deriveLessons, LessonBook, lessonVersion } from "./lessons.js";
export { EvolutionScheduler } from "./scheduler.js";
export type { Strategy, StrategyStats } from "./strategy.js";
