package org.sv2translator.core.upstream;

import java.util.List;
import java.util.Objects;

/**
 * How to reach and set up the pool connections.
 *
 * @param pools                 the pools in priority order; the first is the primary
 * @param requireVersionRolling set REQUIRES_VERSION_ROLLING in SetupConnection
 * @param workerTracking        negotiate extension 0x0002 and name the worker of each share (aggregated channels)
 * @param failover              retry, backoff and return-to-primary policy
 * @param liveness              how a silent pool is detected
 * @param resolver              host name lookups (run off the upstream event loop)
 */
public record UpstreamConfig(List<PoolEndpoint> pools, boolean requireVersionRolling, boolean workerTracking,
                             FailoverPolicy failover, Liveness liveness, HostResolver resolver) {
    public UpstreamConfig {
        pools = List.copyOf(pools);
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("at least one pool is needed");
        }
        Objects.requireNonNull(failover);
        Objects.requireNonNull(liveness);
        Objects.requireNonNull(resolver);
    }

    /** Default liveness checks and the system resolver. */
    public UpstreamConfig(List<PoolEndpoint> pools, boolean requireVersionRolling, boolean workerTracking,
                          FailoverPolicy failover) {
        this(pools, requireVersionRolling, workerTracking, failover, Liveness.DEFAULT, HostResolver.SYSTEM);
    }

    /** One pool, no extension, the default failover policy. */
    public static UpstreamConfig of(PoolEndpoint pool) {
        return new UpstreamConfig(List.of(pool), false, false, FailoverPolicy.DEFAULT);
    }

    public UpstreamConfig withWorkerTracking(boolean on) {
        return new UpstreamConfig(pools, requireVersionRolling, on, failover, liveness, resolver);
    }

    public UpstreamConfig withFailover(FailoverPolicy policy) {
        return new UpstreamConfig(pools, requireVersionRolling, workerTracking, policy, liveness, resolver);
    }

    public UpstreamConfig withRequireVersionRolling(boolean on) {
        return new UpstreamConfig(pools, on, workerTracking, failover, liveness, resolver);
    }

    public UpstreamConfig withLiveness(Liveness checks) {
        return new UpstreamConfig(pools, requireVersionRolling, workerTracking, failover, checks, resolver);
    }

    public UpstreamConfig withResolver(HostResolver hosts) {
        return new UpstreamConfig(pools, requireVersionRolling, workerTracking, failover, liveness, hosts);
    }
}
