// The real Java recipes whose znodes zooscope-ctl locks/elections read:
// Curator 5.4 (InterProcessMutex, InterProcessReadWriteLock,
// InterProcessSemaphoreV2, LeaderLatch) and ZooKeeper 3.8's own recipes
// (zookeeper-recipes-lock WriteLock, zookeeper-recipes-election
// LeaderElectionSupport), all from Debian's jars. Compiled by the test build
// with javac; one JVM per test binary, driven through stdin, one command per
// line. Every contender has its own session (sessions are what tell holders
// apart) and waits on its own thread; each reports about itself on stdout:
//
//   "SESSION TAG 0x<session> <local address>"  once connected
//   "HOLDS TAG"    it holds the lock / lease, or leads
//   "ERROR TAG <why>"
//
// Commands (TAG names the contender; ID is its participant id / data):
//   mutex TAG HOSTS PATH ID        InterProcessMutex.acquire()
//   read TAG HOSTS PATH ID         InterProcessReadWriteLock.readLock()
//   write TAG HOSTS PATH ID        InterProcessReadWriteLock.writeLock()
//   semaphore TAG HOSTS PATH MAX ID  InterProcessSemaphoreV2(MAX).acquire()
//   latch TAG HOSTS PATH ID        LeaderLatch(ID)
//   zklock TAG HOSTS PATH          WriteLock.lock() (its node names the session)
//   zkelect TAG HOSTS PATH ID      LeaderElectionSupport, host name ID
//   drop TAG    closes TAG's session without letting go first, as a crashed
//               holder's session ends: the server deletes its nodes. "DROPPED TAG"
//   quit        exit 0
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessReadWriteLock;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.ZooKeeper;
import org.apache.zookeeper.recipes.leader.LeaderElectionAware;
import org.apache.zookeeper.recipes.leader.LeaderElectionSupport;
import org.apache.zookeeper.recipes.lock.LockListener;
import org.apache.zookeeper.recipes.lock.WriteLock;

public class ReaderInterop {
    // What drop closes, by tag.
    static final Map<String, AutoCloseable> sessions = new ConcurrentHashMap<>();
    // ZooKeeper.toString() names the connection's local end: "local:/127.0.0.1:PORT".
    static final Pattern kLocal = Pattern.compile("local:/?([0-9.]+:[0-9]+)");

    static void say(String line) {
        Background.say(line);
    }

    static void announce(String tag, ZooKeeper zk) {
        Matcher m = kLocal.matcher(zk.toString());
        say("SESSION " + tag + " 0x" + Long.toHexString(zk.getSessionId()) + " " + (m.find() ? m.group(1) : "?"));
    }

    // A Curator client whose nodes carry ID as data (defaultData: else the local IP).
    static CuratorFramework curator(String tag, String hosts, String id) throws Exception {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(hosts)
                .sessionTimeoutMs(20000)
                .connectionTimeoutMs(15000)
                .retryPolicy(new RetryNTimes(3, 200))
                .defaultData(id.getBytes(StandardCharsets.UTF_8))
                .build();
        c.start();
        if (!c.blockUntilConnected(30, TimeUnit.SECONDS)) throw new IllegalStateException("no connection to " + hosts);
        sessions.put(tag, c);
        announce(tag, c.getZookeeperClient().getZooKeeper());
        return c;
    }

    static ZooKeeper zookeeper(String tag, String hosts) throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        ZooKeeper zk = new ZooKeeper(hosts, 20000, e -> {
            if (e.getState() == org.apache.zookeeper.Watcher.Event.KeeperState.SyncConnected) connected.countDown();
        });
        if (!connected.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("no connection to " + hosts);
        sessions.put(tag, zk::close);
        announce(tag, zk);
        return zk;
    }


    static void ensure(ZooKeeper zk, String path) throws Exception {
        try {
            zk.create(path, new byte[0], ZooDefs.Ids.OPEN_ACL_UNSAFE, CreateMode.PERSISTENT);
        } catch (KeeperException.NodeExistsException e) {
            // another contender made it
        }
    }

    static void run(String[] w) throws Exception {
        final String tag = w.length > 1 ? w[1] : "";
        switch (w[0]) {
            case "mutex": {
                CuratorFramework c = curator(tag, w[2], w[4]);
                InterProcessMutex m = new InterProcessMutex(c, w[3]);
                Background.start(tag, () -> {
                    m.acquire();
                    say("HOLDS " + tag);
                });
                break;
            }
            case "read":
            case "write": {
                CuratorFramework c = curator(tag, w[2], w[4]);
                InterProcessReadWriteLock rw = new InterProcessReadWriteLock(c, w[3]);
                Background.start(tag, () -> {
                    InterProcessMutex m = w[0].equals("read") ? rw.readLock() : rw.writeLock();
                    m.acquire();
                    say("HOLDS " + tag);
                });
                break;
            }
            case "semaphore": {
                CuratorFramework c = curator(tag, w[2], w[5]);
                InterProcessSemaphoreV2 s = new InterProcessSemaphoreV2(c, w[3], Integer.parseInt(w[4]));
                Background.start(tag, () -> {
                    s.acquire();
                    say("HOLDS " + tag);
                });
                break;
            }
            case "latch": {
                CuratorFramework c = curator(tag, w[2], w[4]);
                LeaderLatch latch = new LeaderLatch(c, w[3], w[4]);
                latch.addListener(new LeaderLatchListener() {
                    public void isLeader() { say("HOLDS " + tag); }
                    public void notLeader() {}
                });
                latch.start();
                break;
            }
            case "zklock": {
                ZooKeeper zk = zookeeper(tag, w[2]);
                WriteLock lock = new WriteLock(zk, w[3], null, new LockListener() {
                    public void lockAcquired() { say("HOLDS " + tag); }
                    public void lockReleased() {}
                });
                Background.start(tag, lock::lock);
                break;
            }
            case "zkelect": {
                ZooKeeper zk = zookeeper(tag, w[2]);
                ensure(zk, w[3]);  // the recipe assumes its root exists
                LeaderElectionSupport election = new LeaderElectionSupport();
                election.setZooKeeper(zk);
                election.setRootNodeName(w[3]);
                election.setHostName(w[4]);
                election.addListener(new LeaderElectionAware() {
                    public void onElectionEvent(LeaderElectionSupport.EventType t) {
                        if (t == LeaderElectionSupport.EventType.ELECTED_COMPLETE) say("HOLDS " + tag);
                        if (t == LeaderElectionSupport.EventType.FAILED) say("ERROR " + tag + " election failed");
                    }
                });
                Background.start(tag, election::start);
                break;
            }
            case "drop": {
                AutoCloseable s = sessions.remove(tag);
                if (s == null) throw new IllegalArgumentException("no session " + tag);
                s.close();
                say("DROPPED " + tag);
                break;
            }
            default:
                throw new IllegalArgumentException("unknown command " + w[0]);
        }
    }

    public static void main(String[] args) throws Exception {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        say("READY");
        for (String line; (line = in.readLine()) != null; ) {
            String[] w = line.trim().split("\\s+");
            if (w[0].isEmpty()) continue;
            if (w[0].equals("quit")) break;
            try {
                run(w);
            } catch (Exception e) {
                say("ERROR " + (w.length > 1 ? w[1] : w[0]) + " " + e);
            }
        }
        for (AutoCloseable s : sessions.values()) {
            try {
                s.close();
            } catch (Exception e) {
                // leaving anyway
            }
        }
        System.exit(0);
    }
}
