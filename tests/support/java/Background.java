// Shared by the Java helpers of the interop tests (tests/recipes/java,
// tests/readers/java), compiled into each with javac: their one way to print
// a line (whole lines, never interleaved) and to run a contender's waiting
// on a thread of its own, whose failure becomes "ERROR TAG <exception>".
public final class Background {
    private Background() {}

    public interface Body {
        void run() throws Exception;
    }

    public static synchronized void say(String line) {
        System.out.println(line);
        System.out.flush();
    }

    // A daemon thread: a helper that quits does not wait for its waiters.
    public static void start(String tag, Body body) {
        Thread t = new Thread(() -> {
            try {
                body.run();
            } catch (Throwable e) {
                say("ERROR " + tag + " " + e);
            }
        });
        t.setDaemon(true);
        t.start();
    }
}
