"""backtrader's SMA cross on a HistData M1 file, the peer of `hydra backtest --strategy sma-cross`.

The strategy of backtrader's own tests/test_strategy_unoptimized.py (which HYDRA's sma-cross reproduces
to the cent): close crossing SMA(period); flat and a cross up -> buy 1; long and a cross down -> close;
no new order while one is pending; market orders fill at the next bar's open; no commission.
backtrader at its fastest: preloaded data, vectorised indicators (runonce), no observers.

Usage: PYTHONPATH=<backtrader checkout> python3 backtrader_sma_cross.py FILE.csv.gz [PERIOD]
Prints one JSON line: bars, fills, closed trades, open position size, final value.
"""
import gzip
import json
import sys

import backtrader as bt


class SmaCross(bt.Strategy):
    params = (("period", 15),)

    def __init__(self):
        self.order = None
        self.fills = 0
        self.closed = 0
        self.sma = bt.indicators.SMA(self.data, period=self.p.period)
        self.cross = bt.indicators.CrossOver(self.data.close, self.sma)

    def notify_order(self, order):
        if order.status in (order.Submitted, order.Accepted):
            return
        if order.status == order.Completed:
            self.fills += 1
        self.order = None

    def notify_trade(self, trade):
        if trade.isclosed:
            self.closed += 1

    def next(self):
        if self.order:
            return
        if not self.position.size:
            if self.cross > 0.0:
                self.order = self.buy()
        elif self.cross < 0.0:
            self.order = self.close()


def main():
    path = sys.argv[1]
    period = int(sys.argv[2]) if len(sys.argv) > 2 else 15
    cerebro = bt.Cerebro(stdstats=False)
    # HistData generic ASCII: "YYYYMMDD HHMMSS;open;high;low;close;volume", no header
    data = bt.feeds.GenericCSVData(
        dataname=gzip.open(path, "rt") if path.endswith(".gz") else open(path),
        name="data",
        headers=False,
        separator=";",
        dtformat="%Y%m%d %H%M%S",
        datetime=0,
        time=-1,
        open=1,
        high=2,
        low=3,
        close=4,
        volume=5,
        openinterest=-1,
        timeframe=bt.TimeFrame.Minutes,
        compression=1,
    )
    cerebro.adddata(data)
    cerebro.addstrategy(SmaCross, period=period)
    cerebro.broker.setcash(10_000.0)
    strat = cerebro.run()[0]
    print(
        json.dumps(
            {
                "bars": len(data),
                "fills": strat.fills,
                "closedTrades": strat.closed,
                "openSize": strat.position.size,
                "finalValue": round(cerebro.broker.getvalue(), 2),
            }
        )
    )


if __name__ == "__main__":
    main()
