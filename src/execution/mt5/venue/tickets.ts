/** HYDRA's position id for an MT5 position ticket, and back. */
export const positionIdOf = (ticket: number): string => `T${ticket}`;

export function ticketOf(positionId: string): number {
  const n = Number(positionId.startsWith("T") ? positionId.slice(1) : positionId);
  return Number.isInteger(n) ? n : -1;
}
