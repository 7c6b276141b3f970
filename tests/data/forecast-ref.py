#!/usr/bin/env python3
"""An independent reading of sm-forecast(1) for its tests: the same
formulas, written again from the manual in Python, over the same files.

  forecast-ref.py series FILE CLOSED AMOUNT DATEFMT PERIOD GROUP ASOF MODE ARG
      bookings per period; GROUP, ASOF may be '-'; MODE naive|mean|holt
      (ARG = horizon) or backtest (ARG = K); prints the expected table.
  forecast-ref.py mc FILE ASOF SEED TRIALS
      p10, p50, p90 per rep of the quarter holding ASOF (deals table with
      id, rep, stage, amount, probability, forecast_category, closed).
  forecast-ref.py maven FILE ASOF
      rep and closed_won of the quarter holding ASOF, every rep of FILE.
"""
import csv
import datetime
import math
import sys
from decimal import Decimal, ROUND_HALF_UP

Z80 = 1.2815515655446004
M64 = (1 << 64) - 1


def money(text):
    """Ten-thousandths of a plain amount such as 261.96 or $5,000.00."""
    t = text.replace("$", "").replace(",", "").strip()
    return int((Decimal(t) * 10000).quantize(Decimal(1), ROUND_HALF_UP))


def fmt_money(v):
    """Ten-thousandths to 2 decimals, half away from zero."""
    d = (Decimal(v) / 10000).quantize(Decimal("0.01"), ROUND_HALF_UP)
    return "0.00" if d == 0 else str(d)


def round_away(x):
    """A double rounded half away from zero, exactly (C's round())."""
    return int(Decimal(x).quantize(Decimal(1), ROUND_HALF_UP))


def date(text, how):
    text = text.strip()
    if how == "mdy":
        m, d, y = text.split("/")
        return datetime.date(int(y), int(m), int(d))
    return datetime.date.fromisoformat(text[:10])


def period_of(d, period):
    """(label, first day) of the month or quarter holding d."""
    if period == "month":
        return "%04d-%02d" % (d.year, d.month), datetime.date(d.year,
                                                              d.month, 1)
    q = (d.month - 1) // 3
    return "%04d-Q%d" % (d.year, q + 1), datetime.date(d.year, 3 * q + 1, 1)


def next_start(start, period):
    step = 1 if period == "month" else 3
    m = start.month - 1 + step
    return datetime.date(start.year + m // 12, m % 12 + 1, 1)


# The methods (FPP3 5.2, 5.5, 8.2, 8.7).

def holt_run(y, a, b):
    lev, tr, sse = y[0], y[1] - y[0], 0.0
    for t in range(1, len(y)):
        f = lev + tr
        e = y[t] - f
        if t >= 2:
            sse += e * e
        nl = a * y[t] + (1 - a) * f
        tr = b * (nl - lev) + (1 - b) * tr
        lev = nl
    return sse, lev, tr


def holt_fit(y):
    best = None

    def grid(ca, cb, reach, step):
        nonlocal best
        for ka in range(ca - reach, ca + reach + 1, step):
            if ka < 0 or ka > 2000:
                continue
            for kb in range(cb - reach, cb + reach + 1, step):
                if kb < 0 or kb > 2000:
                    continue
                sse = holt_run(y, ka / 2000, kb / 2000)[0]
                if best is None or sse < best[0] - 1e-12 * best[0]:
                    best = (sse, ka, kb)

    grid(1000, 1000, 1000, 100)
    grid(best[1], best[2], 100, 10)
    grid(best[1], best[2], 10, 1)
    a, b = best[1] / 2000, best[2] / 2000
    sse, lev, tr = holt_run(y, a, b)
    return a, b, sse, lev, tr


def fit(method, y):
    """(forecast(h), sigma_h(h) or None)."""
    n = len(y)
    if method == "naive":
        sse = sum((y[t] - y[t - 1]) ** 2 for t in range(1, n))
        sig = math.sqrt(sse / (n - 1)) if n - 1 >= 1 else None
        return (lambda h: y[-1],
                lambda h: None if sig is None else sig * math.sqrt(h))
    if method == "mean":
        s = 0.0
        for v in y:
            s += v
        mu = s / n
        sse = 0.0
        for v in y:
            sse += (v - mu) * (v - mu)
        sig = math.sqrt(sse / (n - 1)) if n - 1 >= 1 else None
        return (lambda h: mu,
                lambda h: None if sig is None else
                sig * math.sqrt(1 + 1 / n))
    a, b, sse, lev, tr = holt_fit(y)
    sig = math.sqrt(sse / (n - 4)) if n - 4 >= 1 else None
    bb = a * b

    def sh(h):
        if sig is None:
            return None
        hh = float(h)
        return sig * math.sqrt(1 + (hh - 1) * (a * a + a * bb * hh +
                                               bb * bb * hh * (2 * hh - 1) / 6))
    return (lambda h: lev + float(h) * tr), sh


def series(argv):
    path, closed, amount, how, period, group, asof, mode, arg = argv
    with open(path, newline="", encoding="utf-8-sig") as f:
        rows = list(csv.DictReader(f))
    cut = None
    if asof != "-":
        cut = period_of(datetime.date.fromisoformat(asof), period)[1]
    sums, groups, starts = {}, set(), []
    for r in rows:
        g = r[group] if group != "-" else ""
        groups.add(g)
        st = period_of(date(r[closed], how), period)[1]
        if cut is not None and st >= cut:
            continue
        sums[(g, st)] = sums.get((g, st), 0) + money(r[amount])
        starts.append(st)
    first = min(starts)
    last = max(starts)
    if cut is not None:
        p = first
        while next_start(p, period) < cut:
            p = next_start(p, period)
        last = p
    axis = [first]
    while axis[-1] < last:
        axis.append(next_start(axis[-1], period))
    out = []
    if mode == "backtest":
        out.append(("%s," % group if group != "-" else "") +
                   "method,periods,mae,mape")
    else:
        out.append("period," + ("%s," % group if group != "-" else "") +
                   "forecast,lo80,hi80")
    for g in sorted(groups, key=lambda s: s.encode()):
        y = [float(sums.get((g, st), 0)) for st in axis]
        pre = (g + ",") if group != "-" else ""
        if mode == "backtest":
            k = min(int(arg), len(y) - 1)
            for m in ("naive", "mean", "holt"):
                errs, apes = [], []
                for i in range(len(y) - k, len(y)):
                    if m == "holt" and i < 3:
                        continue
                    e = abs(y[i] - fit(m, y[:i])[0](1))
                    errs.append(e)
                    if y[i] != 0:
                        apes.append(e / abs(y[i]))
                mae = fmt_money(round_away(sum(errs) / len(errs))) \
                    if errs else ""
                mape = ""
                if apes:
                    v = round_away(sum(apes) / len(apes) * 10000)
                    mape = str((Decimal(v) / 10000).quantize(
                        Decimal("0.0001")))
                out.append("%s%s,%d,%s,%s" % (pre, m, len(errs), mae, mape))
            continue
        f, sh = fit(mode, y)
        st = axis[-1]
        for h in range(1, int(arg) + 1):
            st = next_start(st, period)
            label = period_of(st, period)[0]
            pt = f(h)
            s = sh(h)
            lo = hi = ""
            if s is not None:
                lo = fmt_money(round_away(pt - Z80 * s))
                hi = fmt_money(round_away(pt + Z80 * s))
            out.append("%s,%s%s,%s,%s" % (label, pre,
                                          fmt_money(round_away(pt)), lo, hi))
    print("\n".join(out))


# Monte Carlo: xoshiro256** seeded by splitmix64, as the manual says.

def splitmix(seed, k):
    z = (seed + (k + 1) * 0x9E3779B97F4A7C15) & M64
    z = ((z ^ (z >> 30)) * 0xBF58476D1CE4E5B9) & M64
    z = ((z ^ (z >> 27)) * 0x94D049BB133111EB) & M64
    return z ^ (z >> 31)


def rotl(x, k):
    return ((x << k) | (x >> (64 - k))) & M64


def xoshiro(s):
    r = (rotl((s[1] * 5) & M64, 7) * 9) & M64
    t = (s[1] << 17) & M64
    s[2] ^= s[0]
    s[3] ^= s[1]
    s[1] ^= s[2]
    s[0] ^= s[3]
    s[2] ^= t
    s[3] = rotl(s[3], 45)
    return r


def prob(text):
    """Millionths of '0.35', '35' or '35%'."""
    t = text.strip()
    pct = t.endswith("%")
    v = Decimal(t.rstrip("%").strip())
    if pct or v > 1:
        v = v / 100
    return int((v * 1000000).quantize(Decimal(1), ROUND_HALF_UP))


def mc(argv):
    path, asof, seed, trials = argv[0], argv[1], int(argv[2]), int(argv[3])
    a = datetime.date.fromisoformat(asof)
    label, start = period_of(a, "quarter")
    end = next_start(start, "quarter") - datetime.timedelta(days=1)
    base, deals = {}, {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            rep = r["rep"]
            base.setdefault(rep, 0)
            deals.setdefault(rep, [])
            if r["forecast_category"].strip().lower() == "omitted":
                continue
            stage = r["stage"].strip().lower()
            won = stage in ("won", "closed won")
            lost = stage in ("lost", "closed lost")
            d = datetime.date.fromisoformat(r["closed"])
            if won and start <= d <= end and r["amount"]:
                base[rep] += money(r["amount"])
            if not won and not lost and d <= end and r["amount"]:
                p = prob(r["probability"])
                if p >= 1000000:
                    base[rep] += money(r["amount"])
                elif p > 0:
                    deals[rep].append((money(r["amount"]),
                                       ((p << 32) + 500000) // 1000000))
    for rep in sorted(base):
        tot = []
        for t in range(trials):
            s = [splitmix(seed, 4 * t + i) for i in range(4)]
            v, x = base[rep], 0
            for i, (amt, thr) in enumerate(deals[rep]):
                if i % 2 == 0:
                    x = xoshiro(s)
                    u = x >> 32
                else:
                    u = x & 0xFFFFFFFF
                if u < thr:
                    v += amt
            tot.append(v)
        tot.sort()
        q = [tot[max(1, -(-trials * pc // 100)) - 1] for pc in (10, 50, 90)]
        print("%s,%s" % (rep, ",".join(fmt_money(v) for v in q)))


def maven(argv):
    path, asof = argv
    a = datetime.date.fromisoformat(asof)
    label, start = period_of(a, "quarter")
    end = next_start(start, "quarter") - datetime.timedelta(days=1)
    won = {}
    with open(path, newline="") as f:
        for r in csv.DictReader(f):
            won.setdefault(r["sales_agent"], 0)
            if r["deal_stage"] == "Won":
                d = datetime.date.fromisoformat(r["close_date"])
                if start <= d <= end:
                    won[r["sales_agent"]] += money(r["close_value"])
    for rep in sorted(won, key=lambda s: s.encode()):
        print("%s,%s" % (rep, fmt_money(won[rep])))


if __name__ == "__main__":
    {"series": series, "mc": mc, "maven": maven}[sys.argv[1]](sys.argv[2:])
