package org.sv2translator.core;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.sv2translator.core.upstream.PoolEndpoint;

/**
 * What a translator is doing, read at one moment: for the status page, metrics, the demo and tests. Immutable; each
 * {@link Translator#status()} builds a new one (cost: a pass over the miners and the workers), so a reader that
 * needs many figures takes one snapshot and reads them all from it.
 *
 * @param serving         whether miners are served: aggregated mode, the channel is open and has a job; per-miner
 *                        mode, a pool connection is set up
 * @param miners          subscribed miner connections
 * @param hashrate        the summed hashrate estimate of all miners, H/s
 * @param channelDifficulty the aggregated channel target's difficulty (per-miner mode: the easiest channel's)
 * @param openChannels    upstream channels open now
 * @param mappings        miner-to-channel mappings: the aggregated one, or one per authorized miner
 * @param refusedWorkers  miners whose worker the pool refused a channel for (per-miner mode)
 * @param jobsSent        jobs sent to miners (once per job and mapping, however many miners it reached)
 * @param prevhashChanges jobs sent with clean_jobs: a new prevhash, or the first job of a new channel
 * @param workers         every worker the translator keeps counters for, in no particular order
 */
public record TranslatorStatus(boolean serving, Transport transport, int miners, double hashrate,
                               double channelDifficulty, int openChannels, int mappings, long refusedWorkers,
                               long jobsSent, long prevhashChanges, Shares shares, Upstream upstream,
                               Downstream downstream, List<Worker> workers) {

    public TranslatorStatus {
        workers = List.copyOf(workers);
    }

    /**
     * Shares answered to miners.
     *
     * @param forwarded shares that also met the channel target and were handed to the pool connection
     */
    public record Shares(long accepted, long rejected, long forwarded, long blockCandidates) {
    }

    /**
     * The pools: configured, in use, and what they did with the shares sent.
     *
     * @param activePoolIndex   index in {@code pools} of the pool in use, or -1 with none
     * @param sentDifficulty    the summed difficulty of the shares sent, each at the target its job was issued
     *                          under: the work the pools should credit
     * @param sharesLost        shares sent that will never get a verdict (in flight when their connection or
     *                          channel was lost): sharesSent = sharesAccepted + sharesRejected + sharesLost + those
     *                          still awaiting a verdict
     * @param staleInFlight     of the rejected shares, those refused as stale that a new prevhash crossed on the
     *                          wire (sent before the pool's SetNewPrevHash reached us): unavoidable at a block
     *                          change; any other rejection is a share rule of ours that differs from the pool's
     * @param staleNotForwarded shares overtaken by a new prevhash or a lost channel before they could be sent
     * @param errors            what the pools complained about, by message and code
     */
    public record Upstream(List<PoolEndpoint> pools, int activePoolIndex, long connections, long failovers,
                           long sharesSent, double sentDifficulty, long sharesAccepted, long sharesRejected,
                           long sharesLost, long staleInFlight, long staleNotForwarded,
                           long bytesRead, long bytesWritten, Map<String, Long> errors) {
        public Upstream {
            pools = List.copyOf(pools);
            errors = Map.copyOf(errors);
        }
    }

    /**
     * The miners' side: bytes on the wire, the accept loop, and connections refused or closed by a limit.
     *
     * @param disconnects by {@code Disconnects.Reason} label (connection-limit, invalid-shares, ...)
     */
    public record Downstream(long bytesRead, long bytesWritten, long acceptedConnections, long acceptPauses,
                             Map<String, Long> disconnects) {
        public Downstream {
            disconnects = Map.copyOf(disconnects);
        }
    }

    /**
     * One worker's counters: what the miner was answered, and what the pool said of the shares forwarded.
     *
     * @param hashrate        the vardiff estimate of the connections it is authorized on, H/s
     * @param otherRejected   rejected for an invalid field (ntime, version bits...)
     * @param lastShareMillis when its last share was accepted (epoch millis, 0: never)
     */
    public record Worker(String name, double hashrate, long accepted, long stale, long duplicate,
                         long lowDifficulty, long otherRejected, long forwarded, long upstreamAccepted,
                         long upstreamRejected, long blockCandidates, double acceptedDifficulty,
                         long lastShareMillis, double lastDifficulty) {
        public long rejected() {
            return stale + duplicate + lowDifficulty + otherRejected;
        }
    }

    /** The worker of that name, if the translator has counters for it. */
    public Optional<Worker> worker(String name) {
        for (Worker w : workers) {
            if (w.name().equals(name)) {
                return Optional.of(w);
            }
        }
        return Optional.empty();
    }
}
