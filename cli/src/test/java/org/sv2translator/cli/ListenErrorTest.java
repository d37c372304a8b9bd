package org.sv2translator.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** A port already taken is one line naming the option and the address, never a stack trace. */
class ListenErrorTest {
    private record Run(int exit, String out, String err) {
    }

    private static Run run(Callable<Integer> command, String... args) {
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        System.setOut(new PrintStream(o, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(e, true, StandardCharsets.UTF_8));
        try {
            int exit = new CommandLine(command).registerConverter(java.net.InetSocketAddress.class, new HostPort())
                    .execute(args);
            return new Run(exit, o.toString(StandardCharsets.UTF_8), e.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(out);
            System.setErr(err);
        }
    }

    private static ServerSocket taken() throws Exception {
        return new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    @Test
    void poolOnATakenPort() throws Exception {
        try (ServerSocket s = taken()) {
            Run r = run(new PoolCommand(), "--listen", "127.0.0.1:" + s.getLocalPort());
            assertEquals(1, r.exit());
            assertEquals("error: --listen 127.0.0.1:" + s.getLocalPort() + ": cannot listen: Address already in use",
                    r.err().strip());
            assertFalse(r.err().contains("\tat "), "no stack trace");
        }
    }

    @Test
    void tpOnATakenPort() throws Exception {
        try (ServerSocket s = taken()) {
            Run r = run(new TpCommand(), "--listen", "127.0.0.1:" + s.getLocalPort());
            assertEquals(1, r.exit());
            assertEquals("error: --listen 127.0.0.1:" + s.getLocalPort() + ": cannot listen: Address already in use",
                    r.err().strip());
        }
    }

    @Test
    void runOnATakenMinerPort() throws Exception {
        try (ServerSocket s = taken()) {
            Run r = run(new RunCommand(), "--upstream", "127.0.0.1:1@9auqWEzQDVyd2oe1JVGFLMLHZtCo2FFqZwtKA5gd9xbuEu7PH72",
                    "--user-identity", "x", "--listen", "127.0.0.1:" + s.getLocalPort(), "--metrics", "127.0.0.1:0");
            assertEquals(1, r.exit());
            assertTrue(r.err().contains("error: --listen 127.0.0.1:" + s.getLocalPort()
                    + ": cannot listen: Address already in use"), r.err());
            assertFalse(r.err().contains("\tat "), "no stack trace: " + r.err());
        }
    }

    @Test
    void theDemoPageMovesToAFreePortWhenItsOwnIsTaken() throws Exception {
        try (ServerSocket s = taken()) {
            Run r = run(new DemoCommand(), "--duration", "1", "--miners", "1", "--metrics",
                    "127.0.0.1:" + s.getLocalPort());
            assertEquals(0, r.exit(), r.err());
            assertTrue(r.out().contains("127.0.0.1:" + s.getLocalPort() + " is taken"), r.out());
            assertTrue(r.out().matches("(?s).*demo: status page on http://127\\.0\\.0\\.1:\\d+/.*"), r.out());
        }
    }
}
