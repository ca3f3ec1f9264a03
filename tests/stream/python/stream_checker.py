"""The stream workload checked from outside (kazoo), from the znodes alone
(docs/stream.md). Usage: stream_checker.py HOSTS JOB

In the background it reads every JOB/offsets/<p> about ten times a second and
records a violation when a sum is not the sum of the first `offset` events, or
when an offset or a version is lower than one seen before. Commands, one per
line on stdin; each answers one JSON line on stdout:

  settle SECONDS MOVING MEMBER,...  wait until the job is settled for exactly
        these members: JOB/members holds them; JOB/assignment's owners are the
        ring of the members (recomputed here, ring.py); every JOB/locks/<p> is
        held by the session of its owner's member node; every offsets/<p>
        names its owner; and, when MOVING is 1, every partition's offset went
        up after all that held. -> {"settled": true|false, "seconds": s, "why": ...}
  stalled SECONDS    no offset may change during SECONDS -> {"stalled": bool, "moved": [...]}
  claim P            -> {"partition": P, "owner": id, "session": hex, "czxid": n}
  member ID          -> {"member": ID, "session": hex} (session "" when absent)
  delete-claim P     delete JOB/locks/<p> as an admin would -> {"deleted": P, "czxid": n}
  report             -> {"violations": [...], "polls": n, "events": total offset, "generation": g}
  quit
"""
import json
import os
import sys
import threading
import time

from kazoo.client import KazooClient
from kazoo.exceptions import NoNodeError
from kazoo.retry import KazooRetry

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import ring  # noqa: E402


_sums = {}  # p -> (offset, sum) computed last


def expected_sum(p, offset):
    """Event by event (independent of the closed form in core/stream), carried
    on from the last offset asked for, as offsets mostly grow."""
    start, total = _sums.get(p, (0, 0))
    if offset < start:
        start, total = 0, 0
    for i in range(start, offset):
        total += ((p + 1) * (i + 1)) % 997
    _sums[p] = (offset, total)
    return total


class Checker:
    def __init__(self, hosts, job):
        self.job = job.rstrip("/")
        retry = KazooRetry(max_tries=-1, delay=0.05, max_delay=1)
        self.zk = KazooClient(hosts=hosts, timeout=10.0, connection_retry=retry, command_retry=retry)
        self.zk.start(timeout=30)
        config = json.loads(self.zk.get(self.job + "/config")[0])
        self.partitions = config["partitions"]
        self.vnodes = config["vnodes"]
        self.lock = threading.Lock()
        # Reads and their observation happen under one lock, so observations
        # are recorded in the order the server answered them (the poll thread
        # and the commands both read).
        self.read_lock = threading.Lock()
        self.seen = {}  # p -> (version, offset)
        self.sums_checked = {}  # p -> offsets whose sums were checked (the last one)
        self.violations = []
        self.polls = 0
        self.stop = False
        self.thread = threading.Thread(target=self.poll_loop, daemon=True)
        self.thread.start()

    def path(self, *parts):
        return "/".join([self.job] + [str(p) for p in parts])

    def read_offsets(self):
        """{p: (version, offset, sum, owner)}, pipelined, and observed."""
        with self.read_lock:
            pending = [(p, self.zk.get_async(self.path("offsets", p))) for p in range(self.partitions)]
            out = {}
            for p, result in pending:
                data, stat = result.get(timeout=30)
                record = json.loads(data)
                out[p] = (stat.version, record["offset"], record["sum"], record["owner"])
            self.observe(out)
            return out

    def observe(self, offsets):
        with self.lock:
            self.polls += 1
            for p, (version, offset, total, owner) in offsets.items():
                if self.sums_checked.get(p) != (offset, total):
                    want = expected_sum(p, offset)
                    if total != want:
                        self.violations.append("partition %d: sum %d for offset %d, expected %d (owner %s)"
                                               % (p, total, offset, want, owner))
                    self.sums_checked[p] = (offset, total)
                last = self.seen.get(p)
                if last is not None:
                    if offset < last[1]:
                        self.violations.append("partition %d: offset went back from %d to %d" % (p, last[1], offset))
                    if version < last[0]:
                        self.violations.append("partition %d: version went back from %d to %d" % (p, last[0], version))
                self.seen[p] = (version, offset)

    def poll_loop(self):
        while not self.stop:
            try:
                self.read_offsets()
            except Exception as e:  # a connection loss mid-poll: the next poll reads again
                if self.stop:
                    return
                sys.stderr.write("poll: %r\n" % (e,))
            time.sleep(0.1)

    def members(self):
        """{id: ephemeralOwner}"""
        out = {}
        for name in self.zk.get_children(self.path("members")):
            try:
                out[name] = self.zk.exists(self.path("members", name)).ephemeralOwner
            except AttributeError:  # gone meanwhile
                pass
        return out

    def settled_now(self, expected):
        """None when settled, else why not."""
        members = self.members()
        if set(members) != set(expected):
            return "members are %s" % sorted(members)
        assignment = json.loads(self.zk.get(self.path("assignment"))[0])
        owners = ring.owners(list(members), self.partitions, self.vnodes)
        for p in range(self.partitions):
            if assignment["owners"].get(str(p)) != owners[p]:
                return "assignment generation %d gives partition %d to %s, the ring to %s" % (
                    assignment["generation"], p, assignment["owners"].get(str(p)), owners[p])
        locks = [(p, self.zk.exists_async(self.path("locks", p))) for p in range(self.partitions)]
        for p, result in locks:
            stat = result.get(timeout=30)
            if stat is None:
                return "partition %d has no claim" % p
            if stat.ephemeralOwner != members[owners[p]]:
                return "partition %d is claimed by session 0x%x, its owner %s has 0x%x" % (
                    p, stat.ephemeralOwner, owners[p], members[owners[p]])
        offsets = self.read_offsets()
        for p, (_, _, _, owner) in offsets.items():
            if owner != owners[p]:
                return "offsets/%d was last written by %r, not its owner %s" % (p, owner, owners[p])
        return None

    def settle(self, seconds, moving, expected):
        start = time.monotonic()
        deadline = start + seconds
        why = "not checked"
        while time.monotonic() < deadline:
            try:
                why = self.settled_now(expected)
            except Exception as e:
                why = "read failed: %r" % (e,)
            if why is None:
                break
            time.sleep(0.1)
        if why is not None:
            return {"settled": False, "seconds": round(time.monotonic() - start, 2), "why": why}
        if moving:
            base = {p: o[1] for p, o in self.read_offsets().items()}
            still = set(base)
            while still and time.monotonic() < deadline:
                time.sleep(0.1)
                offsets = self.read_offsets()
                still = {p for p in still if offsets[p][1] <= base[p]}
            if still:
                return {"settled": False, "seconds": round(time.monotonic() - start, 2),
                        "why": "partitions not committing: %s" % sorted(still)}
            # Still settled after the commits (no owner changed meanwhile).
            why = self.settled_now(expected)
            if why is not None:
                return {"settled": False, "seconds": round(time.monotonic() - start, 2), "why": "after commits: " + why}
        return {"settled": True, "seconds": round(time.monotonic() - start, 2), "why": ""}

    def stalled(self, seconds):
        before = self.read_offsets()
        time.sleep(seconds)
        after = self.read_offsets()
        moved = [p for p in range(self.partitions) if after[p][1] != before[p][1]]
        return {"stalled": not moved, "moved": moved}

    def claim(self, p):
        data, stat = self.zk.get(self.path("locks", p))
        return {"partition": p, "owner": data.decode("utf-8"), "session": "0x%x" % stat.ephemeralOwner,
                "czxid": stat.czxid}

    def member(self, name):
        stat = self.zk.exists(self.path("members", name))
        return {"member": name, "session": "0x%x" % stat.ephemeralOwner if stat else ""}

    def delete_claim(self, p):
        stat = self.zk.exists(self.path("locks", p))
        self.zk.delete(self.path("locks", p))
        return {"deleted": p, "czxid": stat.czxid if stat else -1}

    def report(self):
        offsets = self.read_offsets()
        assignment = json.loads(self.zk.get(self.path("assignment"))[0])
        with self.lock:
            return {"violations": list(self.violations), "polls": self.polls,
                    "events": sum(o[1] for o in offsets.values()), "generation": assignment["generation"]}

    def close(self):
        self.stop = True
        self.thread.join(timeout=30)
        self.zk.stop()
        self.zk.close()


def main():
    checker = Checker(sys.argv[1], sys.argv[2])
    print(json.dumps({"ready": True, "partitions": checker.partitions}), flush=True)
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        try:
            if words[0] == "settle":
                expected = [m for m in words[3].split(",") if m] if len(words) > 3 else []
                answer = checker.settle(float(words[1]), words[2] == "1", expected)
            elif words[0] == "stalled":
                answer = checker.stalled(float(words[1]))
            elif words[0] == "claim":
                answer = checker.claim(int(words[1]))
            elif words[0] == "member":
                answer = checker.member(words[1])
            elif words[0] == "delete-claim":
                answer = checker.delete_claim(int(words[1]))
            elif words[0] == "report":
                answer = checker.report()
            elif words[0] == "quit":
                break
            else:
                answer = {"error": "unknown command %s" % words[0]}
        except NoNodeError as e:
            answer = {"error": "no node: %r" % (e,)}
        except Exception as e:
            answer = {"error": repr(e)}
        print(json.dumps(answer), flush=True)
    checker.close()


if __name__ == "__main__":
    main()
