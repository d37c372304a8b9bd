package org.sv2translator.core;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A TCP forwarder for tests, standing for a relay or NAT between the translator and a pool. {@link #goSilent()}
 * makes it stop forwarding in both directions while it keeps every socket open and keeps reading (so TCP itself
 * sees nothing wrong: the data is acknowledged and dropped): the pool as the issue saw it behind a dead relay.
 * {@link #cut()} closes every forwarded connection (a kill, as the translator sees it). {@link #holdTowardClient()}
 * keeps what the pool sends until {@link #release()}, then delivers it in order: the pool's messages "still on the
 * wire" while the client's go through.
 *
 * <p>Threads: one accepting, two per forwarded connection (blocking copies); {@code silent} is read by all; the held
 * bytes and {@code holding} are guarded by {@code held}'s monitor.
 */
final class Relay implements AutoCloseable {
    private final ServerSocket server;
    private final InetSocketAddress target;
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private volatile boolean silent;
    /** Bytes from the pool not yet delivered, with the client's stream they are for (one forwarded connection). */
    private final java.io.ByteArrayOutputStream held = new java.io.ByteArrayOutputStream();
    private OutputStream heldFor;
    private boolean holding;

    Relay(InetSocketAddress target) throws IOException {
        this.target = target;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread accept = new Thread(this::acceptLoop, "relay-accept");
        accept.setDaemon(true);
        accept.start();
    }

    InetSocketAddress address() {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), server.getLocalPort());
    }

    void goSilent() {
        silent = true;
    }

    /** From now on, what the pool sends is kept back (in order) until {@link #release()}. */
    void holdTowardClient() {
        synchronized (held) {
            holding = true;
        }
    }

    /** Delivers what was held, then forwards as before. */
    void release() throws IOException {
        synchronized (held) {
            holding = false;
            if (heldFor != null && held.size() > 0) {
                heldFor.write(held.toByteArray());
                heldFor.flush();
            }
            held.reset();
        }
    }

    /** Bytes held back so far. */
    int heldBytes() {
        synchronized (held) {
            return held.size();
        }
    }

    /** Closes every forwarded connection; new ones are still accepted. */
    void cut() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket down = server.accept();
                Socket up;
                try {
                    up = new Socket(target.getAddress(), target.getPort());
                } catch (IOException e) {
                    closeQuietly(down);
                    continue;
                }
                sockets.add(down);
                sockets.add(up);
                pump(down, up, false);
                pump(up, down, true);
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void pump(Socket from, Socket to, boolean towardClient) {
        Thread t = new Thread(() -> {
            byte[] buf = new byte[8192];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (silent) {
                        continue;
                    }
                    synchronized (held) {
                        if (towardClient && holding) {
                            held.write(buf, 0, n);
                            heldFor = out;
                            continue;
                        }
                        out.write(buf, 0, n);
                        out.flush();
                    }
                }
            } catch (IOException e) {
                // one side closed: close both below
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        }, "relay-pump");
        t.setDaemon(true);
        t.start();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // closing anyway
        }
    }

    @Override
    public void close() throws IOException {
        server.close();
        cut();
    }
}
