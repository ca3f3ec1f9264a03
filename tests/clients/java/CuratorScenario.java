// Curator 5.4 against a ZooKeeper-compatible server, driven by tst_curator.
// Run as a single-file program: java -cp <curator-recipes.jar:...> CuratorScenario.java HOST:PORT
//
// Protocol: every observation is one tagged line on stdout (CACHE, LOCK,
// LEADER, ...). The program prints "READY cache" once its CuratorCache (which
// uses a persistent recursive watch) is initialised, then waits for the line
// "cache-done" on stdin while another client changes nodes under /cur. Then it
// runs the InterProcessMutex and LeaderLatch scenarios with two sessions and
// ends with "DONE" (exit 0), or "ERROR <why>" (exit 1).
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.RetryOneTime;

public class CuratorScenario {
    static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    static String text(ChildData d) {
        return d.getData() == null ? "<null>" : new String(d.getData(), StandardCharsets.UTF_8);
    }

    static void fail(String why) {
        say("ERROR " + why);
        System.exit(1);
    }

    static CuratorFramework connect(String hosts) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(hosts)
                .sessionTimeoutMs(10000)
                .connectionTimeoutMs(10000)
                .retryPolicy(new RetryOneTime(500))
                .build();
        c.start();
        if (!c.blockUntilConnected(20, TimeUnit.SECONDS)) fail("no connection to " + hosts);
        return c;
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) fail("usage: CuratorScenario HOST:PORT");
        final String hosts = args[0];
        final BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        CuratorFramework a = connect(hosts);
        CuratorFramework b = connect(hosts);
        say("CONNECTED");

        // --- CuratorCache: persistent recursive watch on /cur ---
        CountDownLatch initialised = new CountDownLatch(1);
        CuratorCache cache = CuratorCache.build(a, "/cur");
        cache.listenable().addListener(CuratorCacheListener.builder()
                .forCreates(n -> say("CACHE NODE_CREATED " + n.getPath() + " " + text(n)))
                .forChanges((before, after) -> say("CACHE NODE_CHANGED " + after.getPath() + " "
                        + text(before) + " -> " + text(after)))
                .forDeletes(old -> say("CACHE NODE_DELETED " + old.getPath() + " " + text(old)))
                .forInitialized(initialised::countDown)
                .build());
        cache.start();
        if (!initialised.await(20, TimeUnit.SECONDS)) fail("CuratorCache never initialised");
        say("READY cache");
        String line;
        while ((line = in.readLine()) != null && !line.equals("cache-done")) {
        }
        if (line == null) fail("stdin closed before cache-done");
        Map<String, String> content = new TreeMap<>();
        cache.stream().forEach(d -> content.put(d.getPath(), text(d)));
        for (Map.Entry<String, String> e : content.entrySet()) say("CACHE_CONTENT " + e.getKey() + "=" + e.getValue());
        cache.close();

        // --- InterProcessMutex: B waits while A holds the lock ---
        InterProcessMutex lockA = new InterProcessMutex(a, "/cur-lock");
        InterProcessMutex lockB = new InterProcessMutex(b, "/cur-lock");
        if (!lockA.acquire(10, TimeUnit.SECONDS)) fail("A could not take a free lock");
        say("LOCK A acquired");
        CountDownLatch bAcquired = new CountDownLatch(1);
        Thread waiter = new Thread(() -> {
            try {
                if (lockB.acquire(20, TimeUnit.SECONDS)) {
                    say("LOCK B acquired");
                    bAcquired.countDown();
                    lockB.release();
                } else {
                    say("LOCK B timed out");
                }
            } catch (Exception e) {
                say("LOCK B failed " + e);
            }
        });
        waiter.start();
        // B's lock node appears next to A's while B waits.
        long deadline = System.currentTimeMillis() + 10000;
        while (lockA.getParticipantNodes().size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        say("LOCK participants " + lockA.getParticipantNodes().size());
        say("LOCK B waiting " + (bAcquired.getCount() == 1));
        say("LOCK A releasing");
        lockA.release();
        waiter.join(25000);
        say("LOCK B done " + (bAcquired.getCount() == 0));
        say("LOCK left " + (a.getChildren().forPath("/cur-lock").size()));

        // --- LeaderLatch: A leads, B follows, B takes over when A leaves ---
        LeaderLatch latchA = new LeaderLatch(a, "/cur-leader", "A");
        LeaderLatch latchB = new LeaderLatch(b, "/cur-leader", "B");
        latchA.start();
        if (!latchA.await(10, TimeUnit.SECONDS)) fail("A never became leader");
        say("LEADER A leads " + latchA.hasLeadership());
        latchB.start();
        deadline = System.currentTimeMillis() + 10000;
        while (latchB.getParticipants().size() < 2 && System.currentTimeMillis() < deadline) Thread.sleep(20);
        say("LEADER participants " + latchB.getParticipants().size());
        say("LEADER B sees leader " + latchB.getLeader().getId());
        say("LEADER B leads " + latchB.hasLeadership());
        latchA.close();
        if (!latchB.await(10, TimeUnit.SECONDS)) fail("B never took over");
        say("LEADER B leads " + latchB.hasLeadership());
        say("LEADER B sees leader " + latchB.getLeader().getId());
        latchB.close();

        a.close();
        b.close();
        say("DONE");
        System.exit(0);
    }
}
