package org.sv2translator.v1;

import java.time.Duration;
import java.util.Objects;

/**
 * Limits of a {@link V1Server}. Immutable; start from {@link #defaults()} and change fields with the withers.
 * Every limit applies to one connection or one source address, so a miner that breaks it loses its own connection
 * and nobody else's.
 *
 * @param maxLineLength           longest accepted line in bytes; a longer one is answered with an error and the
 *                                connection closed, without buffering it
 * @param idleTimeout             a connection that sends nothing for this long is closed (vardiff keeps healthy
 *                                miners submitting far more often)
 * @param writeBufferLowWaterMark  Netty low water mark: a paused slow reader becomes writable again below it
 * @param writeBufferHighWaterMark Netty high water mark: above it the channel is unwritable
 * @param slowReaderTimeout       a channel that stays unwritable this long without a break is closed
 * @param maxPendingBytes         a channel with more queued outbound bytes is closed at once, so memory is bounded
 *                                even before {@code slowReaderTimeout}
 * @param maxConnections          connections open at once, all addresses together
 * @param maxConnectionsPerIp     connections open at once from one address (raise it when a whole farm is behind
 *                                one NAT address)
 * @param errorBudget             bad requests (invalid JSON, unknown method, wrong params, 24/25 submits, worker
 *                                names that break a {@link WorkerName} rule) a connection may make; each good
 *                                request earns one back, up to this value
 * @param maxWorkersPerConnection distinct workers that may authorize on one connection
 * @param acceptRate              new connections accepted per second at most (0: no limit); above it the server
 *                                stops accepting for a moment and waiting miners stay in the kernel's backlog, so
 *                                a farm powering on is let in at a pace the proxy and the pool can take
 * @param acceptBurst             connections accepted at once before the rate applies
 * @param proxyProtocol           every connection starts with a PROXY protocol v1 or v2 header (behind a load
 *                                balancer): limits, logs and {@link V1Session#remoteAddress()} use the miner's
 *                                address from it; a connection without one is closed
 * @param handshakeTimeout        (default 30 s) a connection must have subscribed and authorized at least one worker
 *                                this long after it connected, or it is closed with a WARN naming the timeout (no
 *                                answer: it may not even speak Stratum). Real firmware sends subscribe and authorize
 *                                within a second of connecting; some first send {@code mining.configure} and wait
 *                                for its answer, and a link across the world or a busy proxy adds seconds, so 30 s
 *                                leaves a wide margin. It bounds how long a connection that never becomes a miner
 *                                (a port scanner, a client stuck on a refused authorize, a slot squatter sending a
 *                                line now and then to dodge {@code idleTimeout}) holds a connection slot
 * @param invalidShareRate        (default 10/s; 0: no limit) every {@code mining.submit} answered with an error,
 *                                whatever the error (21 stale, 22 duplicate, 23 low difficulty, 24, 25, 20 for bad
 *                                fields), takes a token from a per-connection bucket refilled at this rate; accepted
 *                                shares give nothing back. When the bucket is empty the share is answered with
 *                                "Too many invalid shares: more than R per second (burst B)" and the connection is
 *                                closed after that answer. Vardiff holds a miner near 12 shares a minute (0.2/s),
 *                                so 10 invalid shares a second sustained is 50 times everything an honest miner
 *                                sends; it is a miner submitting junk as fast as it can, each one costing a header
 *                                rebuild and a double SHA-256
 * @param invalidShareBurst       (default 200) the bucket's size: invalid shares a connection may send at once.
 *                                After a block change the shares a miner had in flight come back stale; cgminer and
 *                                bfgminer drop work they know is stale when {@code clean_jobs} arrives ("Stale share
 *                                detected, discarding"), so what reaches us is what was on the wire: a few shares at
 *                                vardiff rates, a few dozen for a miner pinned to a low difficulty. An upstream
 *                                failover answers every share stale until the new pool's first job arrives, at the
 *                                miner's normal rate. 200 is well above both
 * @param maxConnectionRatePerIp  (default 20/s; 0: no limit) new connections admitted per second from one address
 *                                (the PROXY protocol header's address when that is on): a token bucket per address,
 *                                spent by each admitted connection. Above it a connection is closed as soon as it is
 *                                accepted (after its PROXY header), unanswered, with a WARN (at most one a second);
 *                                the miner retries as after any refused connection. It stops one address reconnecting
 *                                in a loop, which would churn through extranonce1 values (a freed one is reused only
 *                                after a new block) and the accept budget everyone shares: a loop gets
 *                                {@code burst + 20 × t} connections in t seconds, about 13,000 per ten-minute block
 *                                with the default burst, a fifth of the 65,536 values. At most {@code maxConnections}
 *                                addresses are tracked: an address is forgotten once its bucket is full again (1/rate
 *                                seconds per connection it spent: 50 ms each at 20/s; the table is swept once a
 *                                second); when the table is full, a new address is admitted without a rate check
 *                                (WARN at most every 5 s) rather than refused, because refusing would let whoever
 *                                filled the table lock every other miner out. Filling it takes {@code maxConnections}
 *                                new addresses between two sweeps, 10,000 connections a second with the defaults,
 *                                five times what {@code acceptRate} lets in
 * @param connectionBurstPerIp    connections one address may open at once before its rate applies; 0 (the default)
 *                                means {@code maxConnectionsPerIp}, see {@link #effectiveConnectionBurstPerIp()}: a
 *                                farm behind one NAT address may come back all at once after a power cut, as many
 *                                miners as the address may hold open (1000 by default, and this follows when that
 *                                is raised), paced only by {@code acceptRate}; a farm that reconnects again right
 *                                after is let in at {@code maxConnectionRatePerIp} (1000 miners in 50 s), the others
 *                                closed at once and retrying. A fixed small burst (say 100) would keep a 5000-miner
 *                                farm behind one address out for minutes after every outage
 */
public record V1ServerConfig(int maxLineLength, Duration idleTimeout, int writeBufferLowWaterMark,
                             int writeBufferHighWaterMark, Duration slowReaderTimeout, long maxPendingBytes,
                             int maxConnections, int maxConnectionsPerIp, int errorBudget,
                             int maxWorkersPerConnection, int acceptRate, int acceptBurst,
                             boolean proxyProtocol, Duration handshakeTimeout, int invalidShareRate,
                             int invalidShareBurst, int maxConnectionRatePerIp, int connectionBurstPerIp) {

    public static final Duration DEFAULT_HANDSHAKE_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_INVALID_SHARE_RATE = 10;
    public static final int DEFAULT_INVALID_SHARE_BURST = 200;
    public static final int DEFAULT_CONNECTION_RATE_PER_IP = 20;
    /** 0: the burst is {@link #maxConnectionsPerIp()}. */
    public static final int DEFAULT_CONNECTION_BURST_PER_IP = 0;

    public V1ServerConfig {
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(slowReaderTimeout, "slowReaderTimeout");
        Objects.requireNonNull(handshakeTimeout, "handshakeTimeout");
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
        rateAndBurst(acceptRate, acceptBurst, "accept rate");
        rateAndBurst(invalidShareRate, invalidShareBurst, "invalid share rate");
        if (maxConnectionRatePerIp < 0 || connectionBurstPerIp < 0) {
            throw new IllegalArgumentException("connection rate per IP must be >= 0 (0: unlimited) and its burst >= 0"
                    + " (0: maxConnectionsPerIp)");
        }
        if (idleTimeout.isNegative() || idleTimeout.isZero() || slowReaderTimeout.isNegative() || slowReaderTimeout.isZero()
                || handshakeTimeout.isNegative() || handshakeTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
    }

    /**
     * The limits before the untrusted-miner ones existed; those get their defaults. Kept so code written against
     * the older record still compiles.
     */
    public V1ServerConfig(int maxLineLength, Duration idleTimeout, int writeBufferLowWaterMark,
                          int writeBufferHighWaterMark, Duration slowReaderTimeout, long maxPendingBytes,
                          int maxConnections, int maxConnectionsPerIp, int errorBudget,
                          int maxWorkersPerConnection, int acceptRate, int acceptBurst, boolean proxyProtocol) {
        this(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, slowReaderTimeout,
                maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget, maxWorkersPerConnection, acceptRate,
                acceptBurst, proxyProtocol, DEFAULT_HANDSHAKE_TIMEOUT, DEFAULT_INVALID_SHARE_RATE,
                DEFAULT_INVALID_SHARE_BURST, DEFAULT_CONNECTION_RATE_PER_IP, DEFAULT_CONNECTION_BURST_PER_IP);
    }

    /**
     * 16 KiB lines, 10 min idle, 32/64 KiB water marks, 30 s slow reader, 1 MiB pending, 10000/1000 connections,
     * 20 errors, 64 workers, 2000 accepts per second with a burst of 2000, 30 s handshake, 10 invalid shares per
     * second with a burst of 200, 20 new connections per second per address with a burst of
     * {@code maxConnectionsPerIp}.
     */
    public static V1ServerConfig defaults() {
        return new V1ServerConfig(16 * 1024, Duration.ofMinutes(10), 32 * 1024, 64 * 1024, Duration.ofSeconds(30),
                1024 * 1024, 10_000, 1_000, 20, 64, 2000, 2000, false);
    }

    public V1ServerConfig withMaxLineLength(int v) {
        return new V1ServerConfig(v, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark, slowReaderTimeout,
                maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget, maxWorkersPerConnection, acceptRate,
                acceptBurst, proxyProtocol, handshakeTimeout, invalidShareRate, invalidShareBurst,
                maxConnectionRatePerIp, connectionBurstPerIp);
    }

    public V1ServerConfig withIdleTimeout(Duration v) {
        return new V1ServerConfig(maxLineLength, v, writeBufferLowWaterMark, writeBufferHighWaterMark, slowReaderTimeout,
                maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget, maxWorkersPerConnection, acceptRate,
                acceptBurst, proxyProtocol, handshakeTimeout, invalidShareRate, invalidShareBurst,
                maxConnectionRatePerIp, connectionBurstPerIp);
    }

    public V1ServerConfig withWriteBuffer(int lowWaterMark, int highWaterMark, long maxPending, Duration slowReader) {
        return new V1ServerConfig(maxLineLength, idleTimeout, lowWaterMark, highWaterMark, slowReader, maxPending,
                maxConnections, maxConnectionsPerIp, errorBudget, maxWorkersPerConnection, acceptRate, acceptBurst,
                proxyProtocol, handshakeTimeout, invalidShareRate, invalidShareBurst, maxConnectionRatePerIp,
                connectionBurstPerIp);
    }

    public V1ServerConfig withConnectionLimits(int total, int perIp) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, total, perIp, errorBudget, maxWorkersPerConnection, acceptRate,
                acceptBurst, proxyProtocol, handshakeTimeout, invalidShareRate, invalidShareBurst,
                maxConnectionRatePerIp, connectionBurstPerIp);
    }

    public V1ServerConfig withErrorBudget(int v) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, v, maxWorkersPerConnection,
                acceptRate, acceptBurst, proxyProtocol, handshakeTimeout, invalidShareRate, invalidShareBurst,
                maxConnectionRatePerIp, connectionBurstPerIp);
    }

    public V1ServerConfig withMaxWorkersPerConnection(int v) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget, v, acceptRate,
                acceptBurst, proxyProtocol, handshakeTimeout, invalidShareRate, invalidShareBurst,
                maxConnectionRatePerIp, connectionBurstPerIp);
    }

    public V1ServerConfig withAcceptRate(int perSecond, int burst) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget,
                maxWorkersPerConnection, perSecond, burst, proxyProtocol, handshakeTimeout, invalidShareRate,
                invalidShareBurst, maxConnectionRatePerIp, connectionBurstPerIp);
    }

    public V1ServerConfig withProxyProtocol(boolean on) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget,
                maxWorkersPerConnection, acceptRate, acceptBurst, on, handshakeTimeout, invalidShareRate,
                invalidShareBurst, maxConnectionRatePerIp, connectionBurstPerIp);
    }

    /** Time a connection has to subscribe and authorize a worker. */
    public V1ServerConfig withHandshakeTimeout(Duration v) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget,
                maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol, v, invalidShareRate,
                invalidShareBurst, maxConnectionRatePerIp, connectionBurstPerIp);
    }

    /** Invalid shares per second and burst allowed per connection ({@code perSecond} 0: no limit). */
    public V1ServerConfig withInvalidShareLimit(int perSecond, int burst) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget,
                maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol, handshakeTimeout, perSecond, burst,
                maxConnectionRatePerIp, connectionBurstPerIp);
    }

    /**
     * New connections per second and burst allowed per source address ({@code perSecond} 0: no limit; {@code burst}
     * 0: {@code maxConnectionsPerIp}).
     */
    public V1ServerConfig withConnectionRatePerIp(int perSecond, int burst) {
        return new V1ServerConfig(maxLineLength, idleTimeout, writeBufferLowWaterMark, writeBufferHighWaterMark,
                slowReaderTimeout, maxPendingBytes, maxConnections, maxConnectionsPerIp, errorBudget,
                maxWorkersPerConnection, acceptRate, acceptBurst, proxyProtocol, handshakeTimeout, invalidShareRate,
                invalidShareBurst, perSecond, burst);
    }

    /** The per-address burst in effect: {@link #connectionBurstPerIp()}, or {@link #maxConnectionsPerIp()} when 0. */
    public int effectiveConnectionBurstPerIp() {
        return connectionBurstPerIp == 0 ? maxConnectionsPerIp : connectionBurstPerIp;
    }

    private static void rateAndBurst(int rate, int burst, String name) {
        if (rate < 0 || (rate > 0 && burst < 1)) {
            throw new IllegalArgumentException(name + " must be >= 0 (0: unlimited) and its burst >= 1");
        }
    }

    private static void positive(long v, String name) {
        if (v <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + v);
        }
    }
}
