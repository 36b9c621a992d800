import { describe, expect, it } from "vitest";
import {
  deflatedSharpe,
  expectedMaxStandardNormal,
  periodSharpe,
  probabilisticSharpe,
  returnMoments,
} from "./deflated-sharpe.js";

describe("the deflated Sharpe ratio", () => {
  it("reproduces the numerical example of Bailey and López de Prado (2014): DSR 0.9004", () => {
    // Their section "A numerical example": the best of N = 100 trials has an annualised Sharpe ratio
    // of 2.5 over T = 1,250 daily observations (5 years of 250 days), skewness −3, kurtosis 10; the
    // trials' annualised Sharpe ratios have a variance of 0.5. Everything de-annualised by 250 days.
    const r = deflatedSharpe({
      sharpe: 2.5 / Math.sqrt(250),
      moments: { n: 1250, skew: -3, kurtosis: 10 },
      trials: 100,
      trialSharpeVariance: 0.5 / 250,
    });
    // the paper: SR0 ≈ 0.1132 (per day), DSR ≈ 0.9004; pypbo's test_dsr gives 0.90039683444939034
    expect(r.benchmark).toBeCloseTo(0.1132, 4);
    expect(r.dsr).toBeCloseTo(0.9004, 4);
    expect(r.dsr).toBeCloseTo(0.90039683444939034, 9);
  });

  it("E[max of 100 standard normals] ≈ 2.5306 (pypbo's expected_max(100))", () => {
    expect(expectedMaxStandardNormal(100)).toBeCloseTo(2.5306028932016846, 10);
    expect(expectedMaxStandardNormal(1)).toBe(0);
  });

  it("reproduces the PSR example of 'The Sharpe Ratio Efficient Frontier' (2012): 0.9132", () => {
    // a hedge fund's monthly track record: annualised SR 1.585 over 24 months, skew −2.448, kurtosis 10.164
    const psr = probabilisticSharpe(1.585 / Math.sqrt(12), 0, { n: 24, skew: -2.448, kurtosis: 10.164 });
    expect(psr).toBeCloseTo(0.91323430688486018, 9);
  });

  it("one trial deflates nothing: the DSR is the PSR against zero", () => {
    const m = { n: 500, skew: 0, kurtosis: 3 };
    const one = deflatedSharpe({ sharpe: 0.05, moments: m, trials: 1, trialSharpeVariance: 0.01 });
    expect(one.benchmark).toBe(0);
    expect(one.dsr).toBeCloseTo(probabilisticSharpe(0.05, 0, m), 15);
    // more trials raise the bar and lower the DSR
    const many = deflatedSharpe({ sharpe: 0.05, moments: m, trials: 1000, trialSharpeVariance: 0.01 ** 2 });
    expect(many.dsr).toBeLessThan(one.dsr);
  });

  it("moments: a normal-like symmetric sample has skew 0 and a two-point one kurtosis 1", () => {
    const m = returnMoments([1, -1, 1, -1]);
    expect(m.mean).toBe(0);
    expect(m.sd).toBe(1);
    expect(m.skew).toBe(0);
    expect(m.kurtosis).toBe(1);
    expect(periodSharpe([0.01, 0.03])).toBeCloseTo(2, 12);
    expect(periodSharpe([0.01, 0.01])).toBe(0);
  });
});
