#!/usr/bin/env python3
"""Seeds of the four_letter_answers and admin_answers fuzz targets from the
real answers in tests/data/monitor/ (Apache ZooKeeper 3.8 and the engine):
each answer behind the byte that selects its reader in the target; conf's
membership section also feeds the membership reader. Seeds named captured-*
(answers tests/data/monitor has no file for, such as the engine's wchk,
captured by hand from a running server) are kept.
Usage: fuzz/tools/monitor_seeds.py   (from the source root; rewrites the seeds)"""
import pathlib

WORDS = ["srvr", "stat", "mntr", "cons", "wchs", "wchc", "wchp", "wchk", "conf", "membership"]
ADMIN = ["monitor", "server_stats", "leader", "zabstate", "voting_view", "connections", "watch_summary",
         "configuration", "watches", "watches_by_path"]
root = pathlib.Path("tests/data/monitor")
for target, kind, names, ext in (("four_letter_answers", "4lw", WORDS, ".txt"),
                                 ("admin_answers", "admin", ADMIN, ".json")):
    seed = pathlib.Path("fuzz/corpus") / target / "seed"
    seed.mkdir(parents=True, exist_ok=True)
    for old in seed.iterdir():
        if not old.name.startswith("captured-"):
            old.unlink()
    regression = pathlib.Path("fuzz/corpus") / target / "regression"
    regression.mkdir(parents=True, exist_ok=True)
    (regression / ".gitkeep").touch()
    for server in sorted(p for p in root.iterdir() if (p / kind).is_dir()):
        for f in sorted((server / kind).iterdir()):
            stem = f.stem
            body = f.read_bytes()
            if stem in names:
                selectors = [names.index(stem)]
            elif stem == "no_such_command" or stem.endswith("refused"):
                selectors = range(len(names))  # every reader meets an error answer
            else:
                continue
            for s in selectors:
                (seed / f"{server.name}-{stem}-{names[s]}").write_bytes(bytes([s]) + body)
            if kind == "4lw" and stem == "conf" and b"membership:" in body:
                member = body.split(b"membership:", 1)[1].lstrip(b" ").lstrip(b"\n")
                s = names.index("membership")
                (seed / f"{server.name}-conf-membership").write_bytes(bytes([s]) + member)
    print(target, len(list(seed.iterdir())), "seeds")
