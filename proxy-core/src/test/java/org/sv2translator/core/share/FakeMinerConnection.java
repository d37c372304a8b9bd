package org.sv2translator.core.share;

import io.netty.buffer.ByteBuf;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.sv2translator.v1.MinerConnection;
import org.sv2translator.v1.V1Notification;

/** A miner connection with no socket: records what the core sends it. */
public final class FakeMinerConnection implements MinerConnection {
    public final List<V1Notification> sent = new ArrayList<>();
    public final List<String> lines = new ArrayList<>();
    public final Set<String> workers = new LinkedHashSet<>();
    /** The mask in force. */
    public int versionMask;
    /** The mask of mining.configure; null: the same as {@link #versionMask} (a test setting up a rolling miner). */
    public Integer configuredMask;
    public boolean extranonceSubscribed;
    public String closedFor;

    @Override
    public synchronized boolean send(V1Notification notification) {
        if (closedFor != null) {
            return false;
        }
        if (notification instanceof V1Notification.SetExtranonce && !extranonceSubscribed) {
            return false;
        }
        sent.add(notification);
        return true;
    }

    @Override
    public synchronized boolean write(ByteBuf line) {
        try {
            if (closedFor != null) {
                return false;
            }
            lines.add(line.toString(StandardCharsets.UTF_8));
            return true;
        } finally {
            line.release();
        }
    }

    @Override
    public synchronized void close(String reason) {
        if (closedFor == null) {
            closedFor = reason;
        }
    }

    @Override
    public synchronized boolean isActive() {
        return closedFor == null;
    }

    @Override
    public int versionMask() {
        return versionMask;
    }

    @Override
    public int configuredVersionMask() {
        return configuredMask != null ? configuredMask : versionMask;
    }

    /** As the V1 session does: a negotiating miner is told a changed mask, in order with what else it is sent. */
    @Override
    public synchronized void limitVersionMask(int allowed) {
        int configured = configuredVersionMask();
        if (configured == 0 || (configured & allowed) == versionMask) {
            return;
        }
        configuredMask = configured;
        versionMask = configured & allowed;
        sent.add(new V1Notification.SetVersionMask(versionMask));
    }

    @Override
    public boolean isExtranonceSubscribed() {
        return extranonceSubscribed;
    }

    @Override
    public Set<String> authorizedWorkers() {
        return workers;
    }

    @Override
    public SocketAddress remoteAddress() {
        return InetSocketAddress.createUnresolved("fake", 1);
    }

    /** The notifications of one kind sent so far, in order. */
    public synchronized <T extends V1Notification> List<T> sent(Class<T> type) {
        return sent.stream().filter(type::isInstance).map(type::cast).toList();
    }
}
