import { decodeExact, encodeExact, runUnitJob, type UnitJob } from "./unit-job.js";

/**
 * BullMQ's sandboxed processor (`hydra worker` gives BullMQ this file's path): each job runs in a child
 * process, so a unit that hogs the CPU never delays the worker's lock renewals, and a crash loses one job.
 */
export default async function processUnit(job: { data: { job: string } }): Promise<string> {
  return encodeExact(runUnitJob(decodeExact<UnitJob>(job.data.job)));
}
