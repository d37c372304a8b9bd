package org.sv2translator.core.upstream;

import java.util.List;

/**
 * How to reach and set up the pool connections.
 *
 * @param pools                 the pools in priority order; the first is the primary
 * @param requireVersionRolling set REQUIRES_VERSION_ROLLING in SetupConnection
 * @param workerTracking        negotiate extension 0x0002 and name the worker of each share (aggregated channels)
 * @param failover              retry, backoff and return-to-primary policy
 */
public record UpstreamConfig(List<PoolEndpoint> pools, boolean requireVersionRolling, boolean workerTracking,
                             FailoverPolicy failover) {
    public UpstreamConfig {
        pools = List.copyOf(pools);
        if (pools.isEmpty()) {
            throw new IllegalArgumentException("at least one pool is needed");
        }
    }

    /** One pool, no extension, the default failover policy. */
    public static UpstreamConfig of(PoolEndpoint pool) {
        return new UpstreamConfig(List.of(pool), false, false, FailoverPolicy.DEFAULT);
    }

    public UpstreamConfig withWorkerTracking(boolean on) {
        return new UpstreamConfig(pools, requireVersionRolling, on, failover);
    }

    public UpstreamConfig withFailover(FailoverPolicy policy) {
        return new UpstreamConfig(pools, requireVersionRolling, workerTracking, policy);
    }

    public UpstreamConfig withRequireVersionRolling(boolean on) {
        return new UpstreamConfig(pools, on, workerTracking, failover);
    }
}
