export type Side = "buy" | "sell";

/** +1 for buy/long, -1 for sell/short. */
export function sideSign(side: Side): 1 | -1 {
  return side === "buy" ? 1 : -1;
}

export function opposite(side: Side): Side {
  return side === "buy" ? "sell" : "buy";
}
