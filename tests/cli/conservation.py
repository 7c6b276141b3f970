#!/usr/bin/env python3
"""Conservation of rows (issue 6): rows in = rows out + rows rejected.

For each seed, a random CSV table is made for one program, with bad
rows mixed in among good ones: rows short or long by some fields, and
values that the program reads and must refuse (amounts, dates,
probabilities; SPEC 3).  The program runs with --rejects, and:

  - it exits 0, and says "PROG: N rows rejected" when N > 0 ("1 row");
  - the rejects table holds rows of the input, in order, each with its
    own fields (a short row padded with empty fields, the fields of a
    long one beyond the header kept in the reason) and a reason that
    names its physical line: every row of the wrong width, and bad
    values among the others (a value the program does not need for a
    row, such as the created date of a lost deal, may go unread), and
    no good row unless for a reason the program documents (sm-forecast:
    a won deal without a close date);
  - a pass-through program (sm-segment, sm-assign) writes every row
    not rejected, in order, its fields unchanged;
  - a program that aggregates (sm-report, sm-forecast, sm-quota)
    writes the same table as it does on the rows not rejected alone,
    and sm-report's groups hold as many deals as rows were kept.

So no row is ever dropped or counted twice without a word.

    conservation.py PROGRAM SEEDS [FIRST_SEED]

SM_BIN names the folder of the programs.  Files go to /dev/shm when it
is writable (outputs are fsync'ed there at no cost), else to TMPDIR.
The seeds run on as many processes as there are processors.  Prints
a line for each failing seed (the first ten) with what went wrong,
keeps its files, and exits 1 when any seed failed.
"""

import csv
import io
import multiprocessing
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile

REPS = ["Ana", "Ben", "Cy", "Dee", "Eve"]
STAGES = ["won", "lost", "open", "Proposal", "Closed Won", "Closed Lost"]
CATS = ["", "pipeline", "best case", "commit", "omitted"]

BAD_AMOUNTS = ['"12,5x"', '"1,23"', "abc", "99999999999999999999", "(12.00",
               "1.2.3"]
BAD_DATES = ["2026-02-30", "11/30/2026", "2026-13-01", "yesterday",
             "2026-11-31"]
BAD_PROBS = ["120%", "-5%", "likely", "1.5.0"]


def amount(rng):
    v = rng.randint(0, 500000)
    return rng.choice([
        "", "%d" % (v // 100), "%d.%02d" % (v // 100, v % 100),
        '"$%s.%02d"' % (format(v // 100, ","), v % 100),
        '"%s.%02d"' % (format(v // 100, ","), v % 100),
        "-%d.%02d" % (v // 100, v % 100),
    ])


def date(rng):
    if rng.random() < 0.1:
        return ""
    return "%04d-%02d-%02d" % (rng.choice([2025, 2026, 2026, 2027]),
                               rng.randint(1, 12), rng.randint(1, 28))


def prob(rng):
    return rng.choice(["", "0.3", "30%", "75", "0", "1", '"0,25"'])


def text(rng):
    """Free text, at times quoted with commas, quotes or line breaks."""
    words = ["price", "budget", "call", "Müller", "x", ""]
    t = " ".join(rng.choice(words) for _ in range(rng.randint(0, 3)))
    r = rng.random()
    if r < 0.15:
        return '"%s, %s"' % (t, rng.choice(words))
    if r < 0.25:
        return '"%s\n%s"' % (t, rng.choice(words))
    if r < 0.3:
        return '"say ""%s"""' % t
    return t


# Per program: header, good row maker, bad values of the columns it
# reads, extra arguments, and whether it passes rows through.
def segment_row(rng, i):
    return ["L%d" % i, rng.choice(["a@gmail.com", "b@acme.example", ""]),
            amount(rng), text(rng), date(rng)]


def assign_row(rng, i):
    return ["L%d" % i, rng.choice(["EMEA", "APAC", "AMER", ""]),
            rng.choice(["hot", "cold", ""]), text(rng)]


def report_row(rng, i):
    return ["D%d" % i, rng.choice(REPS + [""]), rng.choice(STAGES),
            amount(rng), date(rng), date(rng)]


def forecast_row(rng, i):
    return ["D%d" % i, rng.choice(REPS), rng.choice(STAGES), amount(rng),
            prob(rng), rng.choice(CATS), date(rng)]


def quota_row(rng, i):
    # No refunds: with -g a month of negative net bookings is refused
    # as a seasonality, which is not what this test is about.
    a = amount(rng)
    return ["D%d" % i, rng.choice(REPS), rng.choice(STAGES),
            a[1:] if a.startswith("-") else a, date(rng)]


PROGRAMS = {
    "sm-segment": {
        "header": ["id", "email", "budget", "notes", "created"],
        "row": segment_row,
        "bad": {},
        "args": ["-e", "score +10: num(budget) > 1000",
                 "-e", 'hot: score >= 10 and notes ~ "price"',
                 "-e", "warm: score >= 10", "-e", "cold: true"],
        "stream": True,
    },
    "sm-assign": {
        "header": ["id", "territory", "segment", "notes"],
        "row": assign_row,
        "bad": {},
        "args": ["-R", "@reps", "-M", "round-robin"],
        "stream": True,
    },
    "sm-report": {
        "header": ["id", "rep", "stage", "amount", "created", "closed"],
        "row": report_row,
        "bad": {3: BAD_AMOUNTS, 4: BAD_DATES, 5: BAD_DATES},
        "args": ["-g", "rep,closed:month"],
        "stream": False,
    },
    "sm-forecast": {
        "header": ["id", "rep", "stage", "amount", "probability",
                   "forecast_category", "closed"],
        "row": forecast_row,
        "bad": {3: BAD_AMOUNTS, 4: BAD_PROBS, 6: BAD_DATES},
        "args": ["--as-of", "2026-11-30", "-g", "rep",
                 "--stage-prob", "open=0.2,Proposal=0.5"],
        "stream": False,
        "also": ["won deal without a close date$"],
    },
    "sm-quota": {
        "header": ["id", "rep", "stage", "amount", "closed"],
        "row": quota_row,
        "bad": {3: BAD_AMOUNTS, 4: BAD_DATES},
        "args": ["-R", "@reps", "-y", "2026", "-g", "10", "-p", "quarter",
                 "-H", "@input"],
        "stream": False,
    },
}


def make_table(prog, rng):
    """The table's text, its rows (line, text) and its bad rows' lines."""
    spec = PROGRAMS[prog]
    hdr = spec["header"]
    lines = [",".join(hdr)]
    rows, bad = [], []
    line = 2
    for i in range(rng.randint(0, 40)):
        row = spec["row"](rng, i + 1)
        r = rng.random()
        kind = "good"
        if r < 0.08:
            kind = "short"
            row = row[:rng.randint(1, len(row) - 1)]
        elif r < 0.14:
            kind = "long"
            row = row + [""] * rng.randint(0, 2) + ["extra"]
        elif r < 0.24 and spec["bad"]:
            kind = "value"
            col = rng.choice(sorted(spec["bad"]))
            row[col] = rng.choice(spec["bad"][col])
        elif r < 0.27:
            # Empty trailing extras are dropped: a good row.
            row = row + [""] * rng.randint(1, 2)
        text = ",".join(row)
        rows.append((line, text))
        if kind != "good":
            bad.append(line)
        lines.append(text)
        line += text.count("\n") + 1
    return "\n".join(lines) + ("\n" if rng.random() < 0.9 else ""), rows, bad


def parse(text):
    return list(csv.reader(io.StringIO(text, newline="")))


def run(argv):
    p = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout.decode("utf-8", "surrogateescape"), \
        p.stderr.decode("utf-8", "surrogateescape")


def check_seed(prog, seed, tmp):
    rng = random.Random(seed)
    spec = PROGRAMS[prog]
    text, all_rows, bad = make_table(prog, rng)
    inp = os.path.join(tmp, "in.csv")
    with open(inp, "w", newline="") as f:
        f.write(text)
    reps = os.path.join(tmp, "reps.csv")
    with open(reps, "w") as f:
        f.write("rep,territories,capacity\nAna,*,\nBen,EMEA,5\nCy,*,\n"
                "Dee,AMER;APAC,\nEve,*,0\n")
    rej = os.path.join(tmp, "rejects.csv")
    out = os.path.join(tmp, "out.csv")
    args = [reps if a == "@reps" else inp if a == "@input" else a
            for a in spec["args"]]
    binp = os.path.join(os.environ["SM_BIN"], prog)
    cmd = [binp] + args + ["--rejects", rej, "-o", out]
    if "@input" not in spec["args"]:
        cmd.append(inp)
    rc, _, err = run(cmd)
    if rc != 0:
        return "exit %d: %s" % (rc, err.strip())

    # The rejects: rows of the input, in order, each with its own
    # fields (a short row padded) and a reason naming its line.
    with open(rej, newline="") as f:
        rrows = parse(f.read())
    hdr = spec["header"]
    if rrows[0] != hdr + ["reason"]:
        return "rejects header %r" % rrows[0]
    records = dict(zip(record_lines(text), parse(text)[1:]))
    rejected = []
    for r in rrows[1:]:
        m = re.match(r"^(?:line |%s:)(\d+): " % re.escape(inp), r[-1])
        if m is None:
            return "reason without a line: %r" % r[-1]
        ln = int(m.group(1))
        if ln not in records or (rejected and ln <= rejected[-1]):
            return "rejected line %d is no record, or out of order" % ln
        rec = records[ln]
        # Empty trailing extras are dropped; a short row is padded.
        while len(rec) > len(hdr) and rec[-1] == "":
            rec = rec[:-1]
        if len(rec) < len(hdr):
            rec = rec + [""] * (len(hdr) - len(rec))
        # Fields beyond the header go into the reason, tab-separated,
        # so that the rejects table reads back.
        beyond = "fields beyond the header: " + "\t".join(rec[len(hdr):])
        if len(rec) > len(hdr) and not r[-1].endswith(beyond):
            return "reason %r does not keep %r" % (r[-1], rec[len(hdr):])
        if r[:-1] != rec[:len(hdr)]:
            return "rejected row %r is not the input's %r" % (r[:-1], rec)
        if ln not in bad and not any(re.search(p, r[-1])
                                     for p in spec.get("also", [])):
            return "good line %d rejected: %s" % (ln, r[-1])
        rejected.append(ln)
    ragged = [ln for ln in bad if ln in records and
              len([f for f in records[ln]]) != len(hdr)]
    missed = [ln for ln in ragged if ln not in rejected]
    if missed:
        return "rows of the wrong width not rejected: lines %r" % missed
    said = [l for l in err.splitlines()
            if l.startswith(prog + ": ") and
            re.search(r"\d+ rows? rejected$", l)]
    want = ["%s: %d row%s rejected" % (prog, len(rejected),
                                       "" if len(rejected) == 1 else "s")] \
        if rejected else []
    if said != want:
        return "stderr says %r, %d rows rejected" % (said, len(rejected))
    kept = [(ln, t) for ln, t in all_rows if ln not in rejected]

    with open(out, newline="") as f:
        otext = f.read()
    if spec["stream"]:
        orows = parse(otext)
        if orows[0][:len(hdr)] != hdr:
            return "output header %r" % orows[0]
        goodrecs = [records[ln] for ln, _ in kept]
        if len(orows) - 1 != len(goodrecs):
            return "%d rows out, %d good rows in" % (len(orows) - 1,
                                                    len(goodrecs))
        for o, g in zip(orows[1:], goodrecs):
            g = g[:len(hdr)]
            if o[:len(hdr)] != g:
                return "row %r written as %r" % (g, o)
    else:
        clean = os.path.join(tmp, "clean.csv")
        with open(clean, "w", newline="") as f:
            f.write(",".join(hdr) + "\n")
            for _, t in kept:
                f.write(t + "\n")
        out2 = os.path.join(tmp, "out2.csv")
        args2 = [reps if a == "@reps" else clean if a == "@input" else a
                 for a in spec["args"]]
        cmd = [binp] + args2 + ["-o", out2]
        if "@input" not in spec["args"]:
            cmd.append(clean)
        rc, _, err = run(cmd)
        if rc != 0:
            return "good rows alone: exit %d: %s" % (rc, err.strip())
        with open(out2, newline="") as f:
            if f.read() != otext:
                return "the output differs from that of the good rows"
        # sm-report counts its deals: every row kept is in one group.
        orows = parse(otext)
        if "deals" in orows[0]:
            k = orows[0].index("deals")
            n = sum(int(r[k]) for r in orows[1:])
            if n != len(kept):
                return "%d deals in the groups, %d rows kept" % (n, len(kept))
    return None


def record_lines(text):
    """The physical line on which each record after the header starts."""
    lines, line, i, n = [], 1, 0, len(text)
    first = True
    while i < n:
        start = line
        quoted = False
        while i < n:
            c = text[i]
            if c == '"':
                quoted = not quoted
            elif c == "\n":
                line += 1
                if not quoted:
                    i += 1
                    break
            i += 1
        if first:
            first = False
        else:
            lines.append(start)
    return lines


def one(job):
    prog, seed, base = job
    tmp = tempfile.mkdtemp(prefix="sm-conservation.", dir=base)
    why = check_seed(prog, seed, tmp)
    if why is None:
        shutil.rmtree(tmp)
        return None
    return "%s seed %d: %s (files in %s)" % (prog, seed, why, tmp)


def main():
    prog, seeds = sys.argv[1], int(sys.argv[2])
    first = int(sys.argv[3]) if len(sys.argv) > 3 else 1
    base = "/dev/shm" if os.access("/dev/shm", os.W_OK) else None
    jobs = [(prog, s, base) for s in range(first, first + seeds)]
    # One worker a processor: the seeds are independent.
    with multiprocessing.Pool(os.cpu_count() or 1) as pool:
        failures = [f for f in pool.map(one, jobs, chunksize=8) if f]
    for f in failures[:10]:
        print(f)
    print("%s: %d seeds, %d failed" % (prog, seeds, len(failures)))
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
