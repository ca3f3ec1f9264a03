#!/usr/bin/python3
"""kazoo 2.8 against a ZooKeeper-compatible server, driven by tst_kazoo.

Usage: /usr/bin/python3 kazoo_scenario.py HOST:PORT

Prints one observation per line as "name=value" (what kazoo returned or saw,
never a verdict; tst_kazoo holds the expectations and compares the engine's
observations with Apache ZooKeeper's), then "DONE". An unexpected exception
prints "ERROR <name>: <exception>" and the script carries on with the next
section, so one failure does not hide the others.
"""
import logging
import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import KazooException, LockTimeout
from kazoo.protocol.states import EventType

WAIT = 10.0


def say(name, value):
    print(f"{name}={value}", flush=True)


def err_name(fn):
    """Runs fn; returns the kazoo exception class name, or 'ok'."""
    try:
        fn()
        return "ok"
    except KazooException as e:
        return type(e).__name__


def wait_until(pred, timeout=WAIT):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(0.02)
    return pred()


def connect(hosts):
    c = KazooClient(hosts=hosts, timeout=10.0)
    c.start(timeout=20)
    return c


def section_crud(c):
    say("create", c.create("/kz", b"v0"))
    say("create.exists", err_name(lambda: c.create("/kz", b"again")))
    say("create.noparent", err_name(lambda: c.create("/kz/no/parent", b"")))
    say("create.makepath", c.create("/kz/deep/er/path", b"d", makepath=True))
    c.ensure_path("/kz/ensured/x")
    say("ensure_path", c.exists("/kz/ensured/x") is not None)
    seqs = [c.create("/kz/s-", b"", sequence=True) for _ in range(2)]
    say("sequence", ",".join(seqs))
    data, stat = c.get("/kz")
    say("get", f"{data.decode()} version={stat.version} numChildren={stat.numChildren}")
    say("set", c.set("/kz", b"v1", version=0).version)
    say("set.badversion", err_name(lambda: c.set("/kz", b"v2", version=7)))
    say("get.missing", err_name(lambda: c.get("/kz/missing")))
    say("exists.missing", c.exists("/kz/missing"))
    say("children", ",".join(sorted(c.get_children("/kz"))))
    _, stat = c.get_children("/kz", include_data=True)
    say("children.stat", f"numChildren={stat.numChildren} cversion={stat.cversion}")
    say("delete.notempty", err_name(lambda: c.delete("/kz/deep")))
    say("delete.badversion", err_name(lambda: c.delete("/kz/ensured/x", version=3)))
    c.delete("/kz/deep", recursive=True)
    say("delete.recursive", c.exists("/kz/deep"))
    say("acl.default", [(a.perms, a.id.scheme, a.id.id) for a in c.get_acls("/kz")[0]])
    say("sync", c.sync("/kz"))
    say("ruok", c.command(b"ruok"))


def section_transactions(c):
    t = c.transaction()
    t.create("/kz/t1", b"a")
    t.set_data("/kz", b"in-txn", version=1)
    t.check("/kz/t1", 0)
    t.delete("/kz/ensured/x")
    results = t.commit()
    say("txn.commit", ",".join(type(r).__name__ if not isinstance(r, str) else r for r in results))
    say("txn.applied", f"{c.get('/kz')[0].decode()} {c.exists('/kz/ensured/x')}")
    t = c.transaction()
    t.create("/kz/t2", b"b")
    t.check("/kz", 99)
    results = t.commit()
    say("txn.failed", ",".join(type(r).__name__ for r in results))
    say("txn.rolledback", c.exists("/kz/t2"))


def section_watches(c, other):
    # DataWatch: called once at registration, then on every change.
    seen = []
    DataWatchCalls = threading.Event()

    def on_data(data, stat, event):
        seen.append("none" if stat is None else f"{data.decode()}:{stat.version}")
        DataWatchCalls.set()

    c.DataWatch("/kz/dw", on_data)
    steps = [lambda: other.create("/kz/dw", b"a"), lambda: other.set("/kz/dw", b"b"),
             lambda: other.delete("/kz/dw")]
    for i, step in enumerate(steps):
        wait_until(lambda: len(seen) >= i + 1)
        step()
    wait_until(lambda: len(seen) >= 4)
    say("datawatch", ";".join(seen))

    children = []
    c.ensure_path("/kz/cw")
    c.ChildrenWatch("/kz/cw", lambda ch: children.append(",".join(sorted(ch))))
    steps = [lambda: other.create("/kz/cw/x"), lambda: other.create("/kz/cw/y"),
             lambda: other.delete("/kz/cw/x")]
    for i, step in enumerate(steps):
        wait_until(lambda: len(children) >= i + 1)
        step()
    wait_until(lambda: len(children) >= 4)
    say("childrenwatch", ";".join(f"[{x}]" for x in children))

    # A one-shot watch from get(): fires once, then stays silent.
    events = []
    c.create("/kz/once", b"0")
    c.get("/kz/once", watch=lambda e: events.append(f"{e.type}:{e.path}"))
    other.set("/kz/once", b"1")
    wait_until(lambda: events)
    other.set("/kz/once", b"2")
    other.sync("/kz/once")
    c.sync("/kz/once")
    say("oneshot", ";".join(events))

    # exists() on a missing node watches for its creation.
    events = []
    c.exists("/kz/later", watch=lambda e: events.append(f"{e.type}:{e.path}"))
    other.create("/kz/later", b"")
    wait_until(lambda: events)
    say("exists.watch", ";".join(events))


def section_lock(c, other):
    lock_a = c.Lock("/kz/lock", "A")
    lock_b = other.Lock("/kz/lock", "B")
    say("lock.a", lock_a.acquire(timeout=WAIT))
    try:
        lock_b.acquire(timeout=0.5)
        say("lock.b.timeout", "acquired")
    except LockTimeout:
        say("lock.b.timeout", "LockTimeout")
    got = threading.Event()

    def take():
        if lock_b.acquire(timeout=WAIT):
            got.set()

    t = threading.Thread(target=take)
    t.start()
    wait_until(lambda: len(lock_a.contenders()) == 2)
    say("lock.contenders", ",".join(lock_a.contenders()))
    say("lock.b.waiting", not got.is_set())
    lock_a.release()
    t.join(WAIT)
    say("lock.b.acquired", got.is_set())
    lock_b.release()
    say("lock.left", len(c.get_children("/kz/lock")))


def section_election(c, other):
    leaders = []
    stop = {"A": threading.Event(), "B": threading.Event()}

    def lead(name):
        leaders.append(name)
        stop[name].wait(WAIT)

    e_a = c.Election("/kz/elect", "A")
    e_b = other.Election("/kz/elect", "B")
    t_a = threading.Thread(target=e_a.run, args=(lead, "A"))
    t_a.start()
    wait_until(lambda: leaders)
    t_b = threading.Thread(target=e_b.run, args=(lead, "B"))
    t_b.start()
    wait_until(lambda: len(e_a.contenders()) == 2)
    say("election.contenders", ",".join(e_a.contenders()))
    say("election.first", ",".join(leaders))
    stop["A"].set()
    t_a.join(WAIT)
    wait_until(lambda: len(leaders) == 2)
    say("election.after", ",".join(leaders))
    stop["B"].set()
    t_b.join(WAIT)


def section_counter(c, other):
    a = c.Counter("/kz/counter")
    b = other.Counter("/kz/counter")
    a += 5
    b += 2
    a -= 1
    say("counter", f"{a.value} {b.value}")


def section_more_recipes(c, other):
    q = c.Queue("/kz/q")
    q.put(b"1")
    q.put(b"2")
    q.put(b"0", priority=10)
    say("queue", f"{q.get().decode()} {q.get().decode()} {q.get().decode()} {len(q)}")
    lq = c.LockingQueue("/kz/lq")
    lq.put(b"a")
    say("lockingqueue", f"{lq.get(1).decode()} {lq.consume()}")
    s1 = c.Semaphore("/kz/sem", max_leases=1, identifier="A")
    s2 = other.Semaphore("/kz/sem", max_leases=1, identifier="B")
    say("semaphore", f"{s1.acquire(timeout=WAIT)} {err_name(lambda: s2.acquire(timeout=0.5))} {s1.lease_holders()}")
    s1.release()
    p1 = c.Party("/kz/party", "A")
    p1.join()
    other.Party("/kz/party", "B").join()
    say("party", sorted(p1))
    b = c.Barrier("/kz/bar")
    b.create()
    waited = b.wait(0.2)
    b.remove()
    say("barrier", f"{waited} {b.wait(WAIT)}")


def section_acl_and_limits(c, other):
    from kazoo.security import make_acl, make_digest_acl
    say("server_version", c.server_version())
    c.create("/kz/d", b"s", acl=[make_digest_acl("u", "p", all=True)])
    say("acl.noauth", err_name(lambda: other.get("/kz/d")))
    other.add_auth("digest", "u:p")
    say("acl.withauth", other.get("/kz/d")[0].decode())
    say("acl.set.noauth", err_name(lambda: c.set_acls("/kz/d", [make_acl("world", "anyone", read=True)])))
    say("acl.set.badversion",
        err_name(lambda: c.set_acls("/kz", [make_acl("world", "anyone", all=True)], version=5)))
    c.add_auth("digest", "u:p")  # so the final recursive delete may list /kz/d
    t = c.transaction()
    t.create("/kz/ts-", b"", sequence=True)
    t.create("/kz/te", b"", ephemeral=True)
    say("txn.seq_eph", ",".join(r.rsplit("/", 1)[1][:3] for r in t.commit()))
    events = []
    c.ensure_path("/kz/pw/child")
    c.get_children("/kz/pw", watch=lambda w: events.append(f"{w.type}:{w.path}"))
    other.delete("/kz/pw", recursive=True)
    wait_until(lambda: events)
    say("childwatch.parent_deleted", ";".join(events))
    events = []
    c.create("/kz/dd", b"")
    c.get("/kz/dd", watch=lambda w: events.append(f"get:{w.type}"))
    c.exists("/kz/dd", watch=lambda w: events.append(f"exists:{w.type}"))
    other.delete("/kz/dd")
    wait_until(lambda: len(events) >= 2)
    # Both watchers fire; sorted, as their relative order is no contract.
    say("dualwatch", ";".join(sorted(events)))
    # Over jute.maxbuffer (1 MiB): the server drops the connection; kazoo reconnects.
    say("oversized", err_name(lambda: c.create("/kz/big", b"x" * (1024 * 1024 + 10))))
    c.create("/kz/b2", b"y" * 1000000)
    say("large", len(c.get("/kz/b2")[0]))


def section_ephemerals(c, hosts):
    owner = connect(hosts)
    owner.create("/kz/eph", b"", ephemeral=True)
    owner.create("/kz/eph-seq-", b"", ephemeral=True, sequence=True)
    say("eph.owner", c.exists("/kz/eph").ephemeralOwner == owner.client_id[0])
    say("eph.child", err_name(lambda: owner.create("/kz/eph/child", b"")))
    deleted = []
    c.exists("/kz/eph", watch=lambda e: deleted.append(f"{e.type}:{e.path}"))
    owner.stop()
    owner.close()
    # Closing a session removes its ephemerals before the close returns.
    say("eph.after_close", f"{c.exists('/kz/eph')} {[n for n in c.get_children('/kz') if n.startswith('eph')]}")
    wait_until(lambda: deleted)
    say("eph.watch", ";".join(deleted))


def section_sasl(hosts):
    """kazoo asking for SASL (DIGEST-MD5) from a server that has none: every
    token is answered Ok with no challenge, kazoo asks again and again, and
    those tokens do not keep its session alive - it expires, the server closes
    the connection and kazoo gives up. It must not wait forever."""
    c = KazooClient(hosts=hosts, timeout=4.0,
                    sasl_options={"mechanism": "DIGEST-MD5", "username": "zs", "password": "not-used"})
    outcome = []

    def run():
        try:
            c.start(timeout=20)
            c.get_children("/")
            outcome.append("ok")
        except Exception as e:  # the outcome is the observation
            outcome.append(type(e).__name__)

    t = threading.Thread(target=run, daemon=True)
    t.start()
    t.join(40)
    say("sasl.digest", outcome[0] if outcome else "no answer within 40 s")
    threading.Thread(target=c.stop, daemon=True).start()


def main():
    logging.basicConfig(level=logging.CRITICAL, stream=sys.stderr)
    if len(sys.argv) != 2:
        print("usage: kazoo_scenario.py HOST:PORT", file=sys.stderr)
        return 2
    hosts = sys.argv[1]
    c = connect(hosts)
    other = connect(hosts)
    say("connected", c.connected and other.connected)
    sections = [("crud", lambda: section_crud(c)),
                ("transactions", lambda: section_transactions(c)),
                ("watches", lambda: section_watches(c, other)),
                ("lock", lambda: section_lock(c, other)),
                ("election", lambda: section_election(c, other)),
                ("counter", lambda: section_counter(c, other)),
                ("more_recipes", lambda: section_more_recipes(c, other)),
                ("acl_and_limits", lambda: section_acl_and_limits(c, other)),
                ("ephemerals", lambda: section_ephemerals(c, hosts)),
                ("sasl", lambda: section_sasl(hosts))]
    for name, run in sections:
        try:
            run()
        except Exception as e:  # report and go on with the next section
            print(f"ERROR {name}: {type(e).__name__}: {e}", flush=True)
    c.delete("/kz", recursive=True)
    say("cleanup", c.exists("/kz"))
    other.stop()
    c.stop()
    print("DONE", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
