"""kazoo 2.8 (Debian's python3-kazoo) taking part in the recipe interop tests
and the lock handover benchmark next to ZooScope's C++ Lock in kazoo layout.

  kazoo_interop.py mutex HOSTS LOCK COUNTER CLIENTS ITERATIONS
      CLIENTS sessions (one thread each), each ITERATIONS times: kazoo Lock on
      LOCK, read COUNTER, write it + 1 (no version check), release.
      Prints "DONE" (exit 0) or "ERROR <why>" (exit 1).
  kazoo_interop.py handover HOSTS LOCK ROUNDS
      two sessions pass a kazoo Lock back and forth ROUNDS times; prints
      "HANDOVER <ns>" per round (release by one -> acquire returns in the
      other, time.monotonic_ns), then "DONE".
"""
import sys
import threading
import time

from kazoo.client import KazooClient


def connect(hosts):
    zk = KazooClient(hosts=hosts, timeout=20.0)
    zk.start(timeout=30)
    return zk


def mutex(hosts, lock_path, counter, clients, iterations):
    errors = []

    def contender(i):
        zk = connect(hosts)
        try:
            lock = zk.Lock(lock_path, "kazoo-%d" % i)
            for _ in range(iterations):
                if not lock.acquire(timeout=60):
                    raise RuntimeError("no lock within 60 s")
                try:
                    value = int(zk.get(counter)[0].decode())
                    time.sleep(0.001)  # widen the window a missing exclusion would show in
                    zk.set(counter, str(value + 1).encode())
                finally:
                    lock.release()
        except Exception as e:  # reported, the test fails on it
            errors.append(repr(e))
        finally:
            zk.stop()
            zk.close()

    threads = [threading.Thread(target=contender, args=(i,)) for i in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    if errors:
        print("ERROR " + "; ".join(errors), flush=True)
        return 1
    print("DONE", flush=True)
    return 0


def handover(hosts, lock_path, rounds):
    zks = [connect(hosts), connect(hosts)]
    locks = [zks[0].Lock(lock_path, "a"), zks[1].Lock(lock_path, "b")]
    locks[0].acquire()
    for r in range(rounds):
        holder, waiter = r % 2, 1 - r % 2
        acquired_at = []
        t = threading.Thread(target=lambda: (locks[waiter].acquire(), acquired_at.append(time.monotonic_ns())))
        t.start()
        while len(zks[0].get_children(lock_path)) < 2:
            time.sleep(0.001)
        time.sleep(0.005)
        released_at = time.monotonic_ns()
        locks[holder].release()
        t.join()
        print("HANDOVER %d" % (acquired_at[0] - released_at), flush=True)
    locks[rounds % 2].release()
    for zk in zks:
        zk.stop()
        zk.close()
    print("DONE", flush=True)
    return 0


def main(argv):
    if len(argv) >= 7 and argv[1] == "mutex":
        return mutex(argv[2], argv[3], argv[4], int(argv[5]), int(argv[6]))
    if len(argv) >= 5 and argv[1] == "handover":
        return handover(argv[2], argv[3], int(argv[4]))
    print("ERROR usage: kazoo_interop.py mutex|handover ...", flush=True)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
