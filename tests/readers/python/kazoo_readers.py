"""kazoo 2.8 (Debian's python3-kazoo) recipes whose znodes zooscope-ctl
locks/elections read. One process per test binary, driven through stdin, one
command per line; every contender has its own session and waits on its own
thread, and reports about itself on stdout:

  "SESSION TAG 0x<session> <local address>"  once connected
  "HOLDS TAG"    it holds the lock / lease, or leads
  "ERROR TAG <why>"

Commands (TAG names the contender; ID is its identifier):
  lock TAG HOSTS PATH ID            Lock(PATH, ID).acquire()
  elect TAG HOSTS PATH ID           Election(PATH, ID).run(...)
  semaphore TAG HOSTS PATH MAX ID   Semaphore(PATH, ID, max_leases=MAX).acquire()
  drop TAG    closes TAG's session without letting go first, as a crashed
              holder's session ends: the server deletes its nodes. "DROPPED TAG"
  quit        exit 0
"""
import sys
import threading

from kazoo.client import KazooClient

lock = threading.Lock()
clients = {}


def say(line):
    with lock:
        sys.stdout.write(line + "\n")
        sys.stdout.flush()


def connect(tag, hosts):
    zk = KazooClient(hosts=hosts, timeout=20.0)
    zk.start(timeout=30)
    clients[tag] = zk
    # The connection's local end, as the server's cons names the client.
    local = zk._connection._socket.getsockname()
    say("SESSION %s 0x%x %s:%d" % (tag, zk.client_id[0], local[0], local[1]))
    return zk


def spawn(tag, body):
    def run():
        try:
            body()
        except Exception as e:  # a dropped session ends its waiter too
            say("ERROR %s %r" % (tag, e))

    threading.Thread(target=run, daemon=True).start()


def lead_forever(tag):
    say("HOLDS " + tag)
    threading.Event().wait()


def command(words):
    kind, tag = words[0], words[1]
    if kind == "lock":
        zk = connect(tag, words[2])
        recipe = zk.Lock(words[3], words[4])

        def hold():
            recipe.acquire()
            say("HOLDS " + tag)

        spawn(tag, hold)
    elif kind == "elect":
        zk = connect(tag, words[2])
        recipe = zk.Election(words[3], words[4])
        spawn(tag, lambda: recipe.run(lead_forever, tag))
    elif kind == "semaphore":
        zk = connect(tag, words[2])
        recipe = zk.Semaphore(words[3], words[5], max_leases=int(words[4]))

        def hold():
            recipe.acquire()
            say("HOLDS " + tag)

        spawn(tag, hold)
    elif kind == "drop":
        zk = clients.pop(tag)
        zk.stop()
        zk.close()
        say("DROPPED " + tag)
    else:
        raise ValueError("unknown command " + kind)


def main():
    say("READY")
    for line in sys.stdin:
        words = line.split()
        if not words:
            continue
        if words[0] == "quit":
            break
        try:
            command(words)
        except Exception as e:
            say("ERROR %s %r" % (words[1] if len(words) > 1 else words[0], e))
    for zk in clients.values():
        zk.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
