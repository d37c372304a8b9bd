package org.sv2translator.v1;

import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import java.net.SocketAddress;
import java.util.Collections;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One miner connection and its Stratum V1 state: connected, then subscribed (extranonce1 and extranonce2 size
 * given), with zero or more authorized workers; {@code mining.configure} may come at any time. State accessors
 * must be called on the session's event loop ({@link #inEventLoop()}, as every {@link V1Backend} method
 * is); the send methods may be called from any thread.
 */
public final class V1Session implements MinerConnection {
    private static final Logger LOG = LoggerFactory.getLogger(V1Session.class);

    private final long id;
    private final Channel channel;
    private final V1ServerConfig config;
    // Copy-on-write: read from other threads (metrics, status page); written once or twice per connection.
    private final Set<String> workers = new CopyOnWriteArraySet<>();
    private byte[] extranonce1;
    private int extranonce2Size;
    // Written on the event loop, read from any thread through MinerConnection.
    private volatile int versionMask;
    /** The mask of mining.configure; written on the event loop, read by the application from any thread. */
    private volatile int configuredVersionMask;
    private boolean versionRolling;
    private volatile boolean extranonceSubscribed;
    private String userAgent;
    private volatile Object attachment;
    private Disconnects disconnects = new Disconnects();

    V1Session(long id, Channel channel, V1ServerConfig config) {
        this.id = id;
        this.channel = channel;
        this.config = config;
    }

    /** A number unique within this JVM, for logs. */
    public long id() {
        return id;
    }

    /** The miner's address: from the PROXY protocol header when the server uses it, else the TCP peer's. */
    @Override
    public SocketAddress remoteAddress() {
        SocketAddress real = channel.attr(ProxyHeaderHandler.REAL_ADDRESS).get();
        return real != null ? real : channel.remoteAddress();
    }

    /** True on the thread that owns this session's state. */
    public boolean inEventLoop() {
        return channel.eventLoop().inEventLoop();
    }

    @Override
    public boolean isActive() {
        return channel.isActive();
    }

    public boolean isSubscribed() {
        return extranonce1 != null;
    }

    /** A copy of the extranonce1, or null before subscribe. */
    public byte[] extranonce1() {
        return extranonce1 == null ? null : extranonce1.clone();
    }

    public int extranonce2Size() {
        return extranonce2Size;
    }

    /** The user agent the miner sent with {@code mining.subscribe}, or null. */
    public String userAgent() {
        return userAgent;
    }

    public boolean isAuthorized(String workerName) {
        return workers.contains(workerName);
    }

    /** The workers authorized on this connection, in order (read-only view). */
    @Override
    public Set<String> authorizedWorkers() {
        return Collections.unmodifiableSet(workers);
    }

    /** The version bits the miner may roll (last configure or set_version_mask); 0 without version rolling. */
    @Override
    public int versionMask() {
        return versionMask;
    }

    @Override
    public int configuredVersionMask() {
        return configuredVersionMask;
    }

    /** Whether the miner negotiated version rolling at mining.configure. */
    public boolean isVersionRolling() {
        return versionRolling;
    }

    @Override
    public void limitVersionMask(int allowed) {
        if (!channel.eventLoop().inEventLoop()) {
            // Queued like send() and write(): decided after the sends already queued, before the writes after it.
            channel.eventLoop().execute(() -> limitVersionMask(allowed));
            return;
        }
        if (!versionRolling) {
            return;
        }
        int mask = configuredVersionMask & allowed;
        if (mask != versionMask) {
            send(new V1Notification.SetVersionMask(mask));
        }
    }

    /** Whether the miner accepts {@code mining.set_extranonce} (extranonce.subscribe or configure). */
    @Override
    public boolean isExtranonceSubscribed() {
        return extranonceSubscribed;
    }

    /** The application's per-session object (e.g. the translator's miner state), or null. */
    public Object attachment() {
        return attachment;
    }

    /**
     * The application's per-session object if it is a {@code type}, else null: an application that attaches one kind
     * of object reads it back typed, without a cast at every use.
     */
    public <T> T attachment(Class<T> type) {
        Object a = attachment;
        return type.isInstance(a) ? type.cast(a) : null;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    /**
     * Encodes and sends one notification. {@link V1Notification.SetExtranonce} is sent only to a session that
     * subscribed to it (returns false otherwise) and, like {@link V1Notification.SetVersionMask}, also updates the
     * session's state so later submits are checked against the new values.
     *
     * @return false when the session is closed or does not accept this notification; called off the session's
     *         event loop the notification is handed to the loop and true only means it was queued
     */
    @Override
    public boolean send(V1Notification notification) {
        if (!channel.eventLoop().inEventLoop()) {
            if (!channel.isActive()) {
                return false;
            }
            channel.eventLoop().execute(() -> send(notification));
            return true;
        }
        if (notification instanceof V1Notification.SetExtranonce e) {
            if (!extranonceSubscribed || !isSubscribed()) {
                return false;
            }
            extranonce1 = e.extranonce1().clone();
            extranonce2Size = e.extranonce2Size();
        } else if (notification instanceof V1Notification.SetVersionMask m) {
            versionMask = m.mask();
        }
        if (!channel.isActive()) {
            return false;
        }
        return write(V1Codec.encode(channel.alloc(), notification));
    }

    /**
     * Writes an already encoded line (from {@link V1Codec#encode}). Takes ownership of {@code line}: it is released
     * by the channel once written, or here if the session is closed. Use it for notifications that change no session
     * state (notify, set_difficulty, show_message); state-changing ones go through {@link #send}.
     *
     * @return false when the session was closed (line released)
     */
    @Override
    public boolean write(ByteBuf line) {
        if (!channel.isActive()) {
            line.release();
            return false;
        }
        if (!channel.isWritable() && channel.bytesBeforeWritable() + config.writeBufferLowWaterMark()
                > config.maxPendingBytes()) {
            line.release();
            disconnects.increment(Disconnects.Reason.SLOW_READER);
            close("slow reader: more than " + config.maxPendingBytes() + " bytes queued");
            return false;
        }
        channel.writeAndFlush(line, channel.voidPromise());
        return true;
    }

    /**
     * Sends one encoded line to many sessions without re-encoding: each gets a retained duplicate sharing its
     * memory. The caller keeps its own reference to {@code line} and must release it afterwards (typically right
     * after this call); each session's channel releases its duplicate once written.
     *
     * @return how many sessions the line was written to
     */
    public static int broadcast(ByteBuf line, Iterable<V1Session> sessions) {
        int n = 0;
        for (V1Session s : sessions) {
            if (s.write(line.retainedDuplicate())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Closes the connection, logging the reason at WARN with the remote address (throttled). The reason is logged
     * as given: put miner-supplied text in it through {@link MinerText#forLog}.
     */
    @Override
    public void close(String reason) {
        if (channel.isActive()) {
            V1SessionHandler.CLOSE_LOG.warn(LOG, "closing V1 session {} from {}: {}", id, remoteAddress(), reason);
        }
        channel.close();
    }

    Channel channel() {
        return channel;
    }

    /** Where this session's limit-caused closes are counted (the server's; set before the session is used). */
    Disconnects disconnects() {
        return disconnects;
    }

    void countDisconnectsIn(Disconnects server) {
        this.disconnects = server;
    }

    void subscribed(byte[] extranonce1, int extranonce2Size, String userAgent) {
        this.extranonce1 = extranonce1;
        this.extranonce2Size = extranonce2Size;
        this.userAgent = userAgent;
    }

    /** @return false when the worker limit is reached */
    boolean addWorker(String worker) {
        if (workers.size() >= config.maxWorkersPerConnection()) {
            return false;
        }
        workers.add(worker);
        return true;
    }

    int workerCount() {
        return workers.size();
    }

    void versionRolling(int mask) {
        this.versionRolling = true;
        this.configuredVersionMask = mask;
        this.versionMask = mask;
    }

    void extranonceSubscribed() {
        this.extranonceSubscribed = true;
    }

    @Override
    public String toString() {
        return "V1Session#" + id + "(" + remoteAddress() + ")";
    }
}
