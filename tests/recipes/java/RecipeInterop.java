// Curator 5.4 (Debian's libcurator-*-java) taking part in the recipe interop
// tests next to ZooScope's C++ recipes. Compiled by the test build with javac;
// run once per test binary (one JVM) and driven through stdin, one command
// per line, each running on its own threads; every observation is one tagged
// line on stdout:
//
//   mutex TAG HOSTS LOCK COUNTER CLIENTS ITERATIONS
//       CLIENTS sessions, each ITERATIONS times: InterProcessMutex on LOCK,
//       read COUNTER, write it + 1 (no version check), release.
//       -> "DONE TAG" | "ERROR TAG <why>"
//   latch TAG HOSTS PATH ID HOLD_MS GROUP
//       a LeaderLatch with participant ID; when it leads: "LEADER TAG START
//       <System.nanoTime()> <node>", then, once "go GROUP" was read and
//       HOLD_MS have passed, "LEADER TAG END <nanoTime>" and close() (END is
//       printed before the latch lets go). "JOINED TAG <node>" once its node
//       exists.
//   sem TAG HOSTS PATH MAX CLIENTS ITERATIONS HOLD_MS
//       CLIENTS sessions, each ITERATIONS times: acquire a lease of an
//       InterProcessSemaphoreV2(MAX), "SEM TAG ENTER <nanoTime>", hold,
//       "SEM TAG EXIT <nanoTime>", return it. -> "DONE TAG"
//   handover TAG HOSTS LOCK ROUNDS
//       two sessions pass an InterProcessMutex back and forth ROUNDS times;
//       "HANDOVER TAG <ns>" per round: from release() by one to acquire()
//       returning in the other. -> "DONE TAG"
//   go GROUP lets the latch leaders of GROUP resign
//   quit     exit 0 (after closing every client)
// Given as arguments instead (bench/), one command runs and the JVM exits.
//
// System.nanoTime() is CLOCK_MONOTONIC on Linux, the clock the C++ side and
// Python's time.monotonic_ns() read, so intervals compare across processes.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.leader.LeaderLatch;
import org.apache.curator.framework.recipes.leader.LeaderLatchListener;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreV2;
import org.apache.curator.framework.recipes.locks.Lease;
import org.apache.curator.retry.RetryNTimes;

public class RecipeInterop {
    static final List<CuratorFramework> clients = new ArrayList<>();
    static final Map<String, CountDownLatch> goes = new ConcurrentHashMap<>();

    static CountDownLatch go(String group) {
        return goes.computeIfAbsent(group, g -> new CountDownLatch(1));
    }

    static void say(String line) {
        Background.say(line);
    }

    static CuratorFramework connect(String hosts) throws InterruptedException {
        CuratorFramework c = CuratorFrameworkFactory.builder()
                .connectString(hosts)
                .sessionTimeoutMs(20000)
                .connectionTimeoutMs(15000)
                .retryPolicy(new RetryNTimes(20, 200))
                .build();
        c.start();
        if (!c.blockUntilConnected(30, TimeUnit.SECONDS)) throw new IllegalStateException("no connection to " + hosts);
        synchronized (clients) {
            clients.add(c);
        }
        return c;
    }

    static void runAll(String tag, int n, Background.Body each) throws Exception {
        List<Thread> threads = new ArrayList<>();
        final Throwable[] failure = new Throwable[1];
        for (int i = 0; i < n; ++i) {
            Thread t = new Thread(() -> {
                try {
                    each.run();
                } catch (Throwable e) {
                    synchronized (failure) {
                        if (failure[0] == null) failure[0] = e;
                    }
                }
            });
            threads.add(t);
            t.start();
        }
        for (Thread t : threads) t.join();
        if (failure[0] != null) say("ERROR " + tag + " " + failure[0]);
        else say("DONE " + tag);
    }

    static void mutex(String tag, String hosts, String lockPath, String counter, int n, int iterations) throws Exception {
        runAll(tag, n, () -> {
            CuratorFramework c = connect(hosts);
            InterProcessMutex m = new InterProcessMutex(c, lockPath);
            for (int i = 0; i < iterations; ++i) {
                if (!m.acquire(60, TimeUnit.SECONDS)) throw new IllegalStateException("no lock within 60 s");
                try {
                    int value = Integer.parseInt(new String(c.getData().forPath(counter), StandardCharsets.UTF_8));
                    Thread.sleep(1);  // widen the window a missing exclusion would show in
                    c.setData().forPath(counter, Integer.toString(value + 1).getBytes(StandardCharsets.UTF_8));
                } finally {
                    m.release();
                }
            }
        });
    }

    static void latch(String tag, String hosts, String path, String id, long holdMs, String group) throws Exception {
        CuratorFramework c = connect(hosts);
        LeaderLatch latch = new LeaderLatch(c, path, id);
        latch.addListener(new LeaderLatchListener() {
            @Override
            public void isLeader() {
                say("LEADER " + tag + " START " + System.nanoTime() + " " + latch.getOurPath());
                Background.start(tag, () -> {
                    go(group).await();
                    Thread.sleep(holdMs);
                    say("LEADER " + tag + " END " + System.nanoTime());
                    latch.close();
                });
            }

            @Override
            public void notLeader() {}
        });
        latch.start();
        for (int i = 0; i < 300 && latch.getOurPath() == null; ++i) Thread.sleep(50);
        say("JOINED " + tag + " " + latch.getOurPath());
    }

    static void semaphore(String tag, String hosts, String path, int max, int n, int iterations, long holdMs) throws Exception {
        runAll(tag, n, () -> {
            CuratorFramework c = connect(hosts);
            InterProcessSemaphoreV2 s = new InterProcessSemaphoreV2(c, path, max);
            for (int i = 0; i < iterations; ++i) {
                Lease lease = s.acquire(60, TimeUnit.SECONDS);
                if (lease == null) throw new IllegalStateException("no lease within 60 s");
                say("SEM " + tag + " ENTER " + System.nanoTime());
                Thread.sleep(holdMs);
                say("SEM " + tag + " EXIT " + System.nanoTime());
                s.returnLease(lease);
            }
        });
    }

    // Two sessions alternate: A holds, B waits; A releases (t0), B acquires
    // (t1); then the roles swap. InterProcessMutex belongs to the thread that
    // acquired it, so each session's mutex lives on its own worker thread.
    static final class Worker extends Thread {
        final InterProcessMutex mutex;
        final java.util.concurrent.Semaphore toAcquire = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.Semaphore toRelease = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.Semaphore acquired = new java.util.concurrent.Semaphore(0);
        final java.util.concurrent.Semaphore released = new java.util.concurrent.Semaphore(0);
        volatile long acquiredAt, releasedAt;
        volatile Exception failure;

        Worker(InterProcessMutex mutex) {
            this.mutex = mutex;
            setDaemon(true);
        }

        @Override
        public void run() {
            try {
                for (;;) {
                    toAcquire.acquire();
                    mutex.acquire();
                    acquiredAt = System.nanoTime();
                    acquired.release();
                    toRelease.acquire();
                    releasedAt = System.nanoTime();
                    mutex.release();
                    released.release();
                }
            } catch (InterruptedException e) {
                // done
            } catch (Exception e) {
                failure = e;
                acquired.release();
                released.release();
            }
        }
    }

    static void handover(String tag, String hosts, String lockPath, int rounds) throws Exception {
        CuratorFramework[] cs = {connect(hosts), connect(hosts)};
        Worker[] ws = {new Worker(new InterProcessMutex(cs[0], lockPath)), new Worker(new InterProcessMutex(cs[1], lockPath))};
        for (Worker w : ws) w.start();
        ws[0].toAcquire.release();
        ws[0].acquired.acquire();
        for (int r = 0; r < rounds; ++r) {
            final Worker holder = ws[r % 2], waiter = ws[1 - r % 2];
            waiter.toAcquire.release();
            // Let the waiter's node be in place and watching before the release.
            while (cs[0].getChildren().forPath(lockPath).size() < 2) Thread.sleep(1);
            Thread.sleep(5);
            holder.toRelease.release();
            holder.released.acquire();
            waiter.acquired.acquire();
            if (holder.failure != null) throw holder.failure;
            if (waiter.failure != null) throw waiter.failure;
            say("HANDOVER " + tag + " " + (waiter.acquiredAt - holder.releasedAt));
        }
        ws[rounds % 2].toRelease.release();
        ws[rounds % 2].released.acquire();
        for (Worker w : ws) w.interrupt();
        say("DONE " + tag);
    }

    static void dispatch(String[] w) throws Exception {
        final String tag = w.length > 1 ? w[1] : "?";
        switch (w[0]) {
        case "mutex":
            mutex(tag, w[2], w[3], w[4], Integer.parseInt(w[5]), Integer.parseInt(w[6]));
            break;
        case "latch":
            latch(tag, w[2], w[3], w[4], Long.parseLong(w[5]), w[6]);
            break;
        case "sem":
            semaphore(tag, w[2], w[3], Integer.parseInt(w[4]), Integer.parseInt(w[5]), Integer.parseInt(w[6]),
                      Long.parseLong(w[7]));
            break;
        case "handover":
            handover(tag, w[2], w[3], Integer.parseInt(w[4]));
            break;
        default:
            say("ERROR " + tag + " unknown command " + w[0]);
        }
    }

    // With arguments: runs that one command and exits (bench/). Without:
    // reads commands from stdin (the tests).
    public static void main(String[] args) throws Exception {
        if (args.length > 0) {
            try {
                dispatch(args);
            } finally {
                synchronized (clients) {
                    for (CuratorFramework c : clients) c.close();
                }
            }
            System.exit(0);
        }
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        say("READY");
        for (String line; (line = in.readLine()) != null;) {
            final String[] w = line.trim().split(" ");
            if (w.length == 0 || w[0].isEmpty()) continue;
            if (w[0].equals("quit")) break;
            if (w[0].equals("go") && w.length > 1) {
                go(w[1]).countDown();
                continue;
            }
            Background.start(w.length > 1 ? w[1] : "?", () -> dispatch(w));
        }
        synchronized (clients) {
            for (CuratorFramework c : clients) c.close();
        }
        say("BYE");
        System.exit(0);
    }
}
