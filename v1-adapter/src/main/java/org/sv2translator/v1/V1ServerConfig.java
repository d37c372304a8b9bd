package org.sv2translator.v1;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a {@link V1Server}. Immutable; start from {@link #defaults()} and change fields with the withers.
 *
 * @param maxLineLength           longest accepted line in bytes; a longer one is answered with an error and the
 *                                connection closed, without buffering it
 * @param idleTimeout             a connection that sends nothing for this long is closed (vardiff keeps healthy
 *                                miners submitting far more often)
 * @param writeBufferLowWaterMark  Netty low water mark: a paused slow reader becomes writable again below it
 * @param writeBufferHighWaterMark Netty high water mark: above it the channel is unwritable
 * @param slowReaderTimeout       a channel that stays unwritable this long is closed
 * @param maxPendingBytes         a channel with more queued outbound bytes is closed at once, so memory is bounded
 *                                even before {@code slowReaderTimeout}
 * @param maxConnections          connections open at once, all addresses together
 * @param maxConnectionsPerIp     connections open at once from one address (raise it when a whole farm is behind
 *                                one NAT address)
 * @param errorBudget             bad requests (invalid JSON, unknown method, wrong params, 24/25 submits) a
 *                                connection may make; each good request earns one back, up to this value
 * @param maxWorkersPerConnection distinct workers that may authorize on one connection
 * @param acceptRate              new connections accepted per second at most (0: no limit); above it the server
 *                                stops accepting for a moment and waiting miners stay in the kernel's backlog, so
 *                                a farm powering on is let in at a pace the proxy and the pool can take
 * @param acceptBurst             connections accepted at once before the rate applies
 * @param proxyProtocol           every connection starts with a PROXY protocol v1 or v2 header (behind a load
 *                                balancer): limits, logs and {@link V1Session#remoteAddress()} use the miner's
 *                                address from it; a connection without one is closed
 */
public record V1ServerConfig(int maxLineLength, Duration idleTimeout, int writeBufferLowWaterMark,
                             int writeBufferHighWaterMark, Duration slowReaderTimeout, long maxPendingBytes,
                             int maxConnections, int maxConnectionsPerIp, int errorBudget,
                             int maxWorkersPerConnection, int acceptRate, int acceptBurst,
                             boolean proxyProtocol) {

    public V1ServerConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(slowReaderTimeout, "slowReaderTimeout");
        positive(maxLineLength, "maxLineLength");
        positive(writeBufferLowWaterMark, "writeBufferLowWaterMark");
        if (writeBufferHighWaterMark < writeBufferLowWaterMark) {
            throw new IllegalArgumentException("writeBufferHighWaterMark below writeBufferLowWaterMark");
        }
        if (maxPendingBytes < writeBufferHighWaterMark) {
            throw new IllegalArgumentException("maxPendingBytes below writeBufferHighWaterMark");
        }
        positive(maxConnections, "maxConnections");
        positive(maxConnectionsPerIp, "maxConnectionsPerIp");
        positive(errorBudget, "errorBudget");
        positive(maxWorkersPerConnection, "maxWorkersPerConnection");
        if (acceptRate < 0 || (acceptRate > 0 && acceptBurst < 1)) {
            throw new IllegalArgumentException("accept rate must be >= 0 (0: unlimited) and its burst >= 1");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || slowReaderTimeout.isNegative() || slowReaderTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /**
     * 16 KiB lines, 10 min idle, 32/64 KiB water marks, 30 s slow reader, 1 MiB pending, 10000/1000 connections,
     * 20 errors, 64 workers, 2000 accepts per second with a burst of 2000.
     */
    public static V1ServerConfig defaults() {
        return new V1ServerConfig(16 * 1024, Duration.ofMinutes(10), 32 * 1024, 64 * 1024, Duration.ofSeconds(30),
                1024 * 1024, 10_000, 1_000, 20, 64, 2000, 2000, false);
    }

    public V1ServerConfig withMaxLineLength(int v) {
        return new V1ServerConfig(v, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, slowReaderTimeout,
                maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget, maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol);
    }

    public V1ServerConfig withIdleTimeout(Duration v) {
        return new V1ServerConfig(maxLineLength, v, writeBufferLowWaterMark, writeBufferHighWaterMark, slowReaderTimeout,
                maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget, maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol);
    }

    public V1ServerConfig withWriteBuffer(int lowWaterMark, int highWaterMark, long maxPending, Duration slowReader) {
        return new V1ServerConfig(maxLineLength, idleTimeout, lowWaterMark, highWaterMark, slowReader, maxPending,
                maxConnections, maxConnectionsPerIp, errorBudget, maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol);
    }

    public V1ServerConfig withConnectionLimits(int total, int perIp) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, total, perIp, errorBudget, maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol);
    }

    public V1ServerConfig withErrorBudget(int v) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, v, maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol);
    }

    public V1ServerConfig withMaxWorkersPerConnection(int v) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget, v, acceptRate, acceptBurst, proxyProtocol);
    }

    public V1ServerConfig withAcceptRate(int perSecond, int burst) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget,
                maxWorkersPerConnection, perSecond, burst, proxyProtocol);
    }

    public V1ServerConfig withProxyProtocol(boolean on) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget,
                maxWorkersPerConnection, acceptRate, acceptBurst, on);
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }
}
