package org.sv2translator.cli;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM (and Ctrl-C) once: the shutdown runs on a thread of its own while the process waits for it. Twice: exit
 * at once, for an operator who will not wait. Signal handlers rather than a shutdown hook, because during a hook
 * the JVM ignores further signals, so the second one could not cut the wait short.
 */
final class GracefulShutdown {
    private static final Logger log = LoggerFactory.getLogger(GracefulShutdown.class);
    /** Exit status of an interrupted shutdown: 128 + SIGTERM, as a shell reports it. */
    static final int FORCED_EXIT = 143;

    private GracefulShutdown() {
    }

    static void onSignals(Runnable shutdown) {
        AtomicInteger received = new AtomicInteger();
        for (String name : new String[] {"TERM", "INT"}) {
            Signal.handle(new Signal(name), signal -> {
                if (received.incrementAndGet() == 1) {
                    log.info("SIG{}: shutting down gracefully (send it again to exit at once)", signal.getName());
                    Thread t = new Thread(shutdown, "shutdown");
                    t.start();
                } else {
                    log.warn("SIG{} again: exiting now", signal.getName());
                    Logging.flush();
                    Runtime.getRuntime().halt(FORCED_EXIT);
                }
            });
        }
    }
}
