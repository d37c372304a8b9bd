package org.sv2translator.cli;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.sv2translator.testbed.load.FloorServer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code floor}: the transport floor ({@link FloorServer}) as a process, measured by the bench as the translator is.
 * Each line {@code trigger} on standard input writes the fan-out line to every connection; end of input stops it.
 */
@Command(name = "floor", mixinStandardHelpOptions = true,
        description = "The transport floor for bench: answers every line with a fixed 40-byte line; 'trigger' on "
                + "standard input writes a 700-byte notify to every connection.")
final class FloorCommand implements Callable<Integer> {
    @Option(names = "--listen", defaultValue = "127.0.0.1:0", description = "Where to listen (default ${DEFAULT-VALUE}).")
    InetSocketAddress listen;

    @Option(names = "--threads", defaultValue = "0", description = "Event loop threads (default: one per core).")
    int threads;

    @Override
    public Integer call() throws Exception {
        int n = threads > 0 ? threads : Runtime.getRuntime().availableProcessors();
        try (FloorServer floor = new FloorServer(n)) {
            InetSocketAddress bound = floor.start(listen);
            System.out.println("floor listening on " + bound.getAddress().getHostAddress() + ":" + bound.getPort()
                    + " with " + n + " event loop thread(s)");
            System.out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
            for (String line; (line = in.readLine()) != null; ) {
                if (line.trim().equals("trigger")) {
                    floor.trigger();
                }
            }
        }
        return 0;
    }
}
