package org.sv2translator.v1;

import io.netty.buffer.ByteBuf;
import java.net.SocketAddress;
import java.util.Set;

/**
 * What an application needs of one miner's connection once it is subscribed: send it notifications, close it, and
 * read the state the miner negotiated. {@link V1Session} implements it over a Netty channel; an application's own
 * tests can implement it with no socket at all.
 *
 * <p>Every method may be called from any thread: sends from another thread are handed to the connection's event
 * loop, and the state getters read what the connection's loop last wrote.
 */
public interface MinerConnection {
    /**
     * Encodes and sends one notification; {@link V1Notification.SetExtranonce} only to a miner that subscribed to it.
     *
     * @return false when the connection is closed or does not take this notification
     */
    boolean send(V1Notification notification);

    /**
     * Writes an already encoded line that changes no connection state (notify, set_difficulty). Takes ownership of
     * {@code line}: released once written, or at once when the connection is closed.
     *
     * @return false when the connection was closed
     */
    boolean write(ByteBuf line);

    /** Closes the connection, with the reason for the operator's log. */
    void close(String reason);

    boolean isActive();

    /** The version bits the miner may roll now (BIP310: the last configure or set_version_mask), 0 without. */
    int versionMask();

    /**
     * The mask agreed at {@code mining.configure} (BIP310 version-rolling), 0 when the miner never negotiated
     * version rolling; unlike {@link #versionMask()} it does not follow {@code mining.set_version_mask}.
     */
    default int configuredVersionMask() {
        return versionMask();
    }

    /**
     * For a miner that negotiated version rolling: its mask becomes the configured one cut to {@code allowed},
     * and it is sent {@code mining.set_version_mask} when that differs from the mask in force. Decided in order
     * with this connection's other sends and writes, so calling it before writing a notify makes the new mask reach
     * the miner before that job, whichever thread calls. Does nothing for a miner that never negotiated rolling.
     */
    default void limitVersionMask(int allowed) {
    }

    /** Whether the miner takes {@code mining.set_extranonce}. */
    boolean isExtranonceSubscribed();

    /** The workers authorized on this connection (read-only view). */
    Set<String> authorizedWorkers();

    SocketAddress remoteAddress();
}
