package org.sv2translator.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.sv2translator.core.Translator;
import org.sv2translator.core.share.WorkerStats;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamStats;

/**
 * The translator's counters and gauges as Micrometer meters (Prometheus names in README.md). Every meter reads a
 * counter the translator keeps anyway, at scrape time, so metrics add nothing to the share path; the two latency
 * histograms are recorded by the translator itself.
 *
 * <p>Per-worker series (shares by result, accepted difficulty, hashrate) are added for workers as they appear,
 * on {@link #refresh()} before each scrape; the worker registry is bounded, so they are too. A farm with tens of
 * thousands of workers may switch them off.
 */
public final class TranslatorMetrics {
    private final Translator translator;
    private final MeterRegistry registry;
    private final boolean perWorker;
    private final Map<String, Boolean> workersRegistered = new ConcurrentHashMap<>();
    private volatile Map<String, Double> workerHashrates = Map.of();

    public TranslatorMetrics(Translator translator, MeterRegistry registry, boolean perWorker) {
        this.translator = translator;
        this.registry = registry;
        this.perWorker = perWorker;
        bind();
    }

    private void bind() {
        Translator t = translator;
        UpstreamStats up = t.upstreamStats();
        gauge("sv2t.miners.connected", "Miner connections subscribed", Tags.empty(), x -> t.minerCount());
        gauge("sv2t.hashrate.hs", "Estimated hashrate of all miners, H/s", Tags.empty(), x -> t.hashrate());
        gauge("sv2t.channel.difficulty", "Difficulty of the upstream channel target (per-miner mode: the easiest)",
                Tags.empty(), x -> t.channelTarget().difficulty());
        gauge("sv2t.channels.open", "Upstream channels open", Tags.empty(), x -> t.openChannelCount());
        counter("sv2t.shares", "Shares answered to miners", Tags.of("result", "accepted"), x -> t.shares().accepted());
        counter("sv2t.shares", "Shares answered to miners", Tags.of("result", "rejected"), x -> t.shares().rejected());
        counter("sv2t.block.candidates", "Shares meeting the network target", Tags.empty(),
                x -> t.shares().blockCandidates());
        counter("sv2t.upstream.shares", "Shares sent to and judged by the pool", Tags.of("result", "forwarded"),
                x -> up.sharesSent());
        counter("sv2t.upstream.shares", "Shares sent to and judged by the pool", Tags.of("result", "accepted"),
                x -> up.sharesAccepted());
        counter("sv2t.upstream.shares", "Shares sent to and judged by the pool", Tags.of("result", "rejected"),
                x -> up.sharesRejected());
        counter("sv2t.upstream.connections", "Pool connections set up", Tags.empty(), x -> up.connections());
        counter("sv2t.upstream.failovers", "Moves to another pool (a backup, or back to the primary)", Tags.empty(),
                x -> up.failovers());
        List<PoolEndpoint> pools = t.supervisor().pools();
        for (int i = 0; i < pools.size(); i++) {
            int index = i;
            gauge("sv2t.upstream.up", "1 for the pool in use, 0 for the others",
                    Tags.of("pool", pools.get(i).address().getHostString() + ":" + pools.get(i).address().getPort(),
                            "priority", Integer.toString(i)),
                    x -> t.supervisor().activePoolIndex() == index ? 1 : 0);
        }
        counter("sv2t.jobs", "Jobs sent to miners (once per channel)", Tags.empty(), x -> t.jobsSent());
        counter("sv2t.prevhash.changes", "Jobs sent with clean_jobs", Tags.empty(), x -> t.prevhashChanges());
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "v1", "direction", "in"),
                x -> t.server().bytesRead());
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "v1", "direction", "out"),
                x -> t.server().bytesWritten());
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "sv2", "direction", "in"), x -> up.bytesRead());
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "sv2", "direction", "out"),
                x -> up.bytesWritten());
    }

    /** Adds the series of workers seen since the last call; call before each scrape. */
    public void refresh() {
        if (!perWorker) {
            return;
        }
        workerHashrates = translator.hashrateByWorker();
        List<WorkerStats> fresh = new ArrayList<>();
        for (WorkerStats w : translator.workers().all()) {
            if (workersRegistered.putIfAbsent(w.name(), Boolean.TRUE) == null) {
                fresh.add(w);
            }
        }
        for (WorkerStats w : fresh) {
            Tags worker = Tags.of("worker", w.name());
            String help = "Shares of a worker answered to its miner";
            counter("sv2t.worker.shares", help, worker.and("result", "accepted", "reason", "none"), x -> w.accepted());
            counter("sv2t.worker.shares", help, worker.and("result", "rejected", "reason", "stale"), x -> w.stale());
            counter("sv2t.worker.shares", help, worker.and("result", "rejected", "reason", "duplicate"),
                    x -> w.duplicate());
            counter("sv2t.worker.shares", help, worker.and("result", "rejected", "reason", "low-difficulty"),
                    x -> w.lowDifficulty());
            counter("sv2t.worker.shares", help, worker.and("result", "rejected", "reason", "other"),
                    x -> w.otherRejected());
            counter("sv2t.worker.accepted.difficulty", "Sum of the difficulty of a worker's accepted shares", worker,
                    x -> w.acceptedDifficulty());
            counter("sv2t.worker.upstream.shares", "A worker's shares judged by the pool",
                    worker.and("result", "accepted"), x -> w.upstreamAcceptedCount());
            counter("sv2t.worker.upstream.shares", "A worker's shares judged by the pool",
                    worker.and("result", "rejected"), x -> w.upstreamRejectedCount());
            gauge("sv2t.worker.hashrate.hs", "Estimated hashrate of a worker, H/s", worker,
                    x -> workerHashrates.getOrDefault(w.name(), 0.0));
        }
    }

    private void gauge(String name, String help, Tags tags, ToDoubleFunction<Object> f) {
        Gauge.builder(name, this, f::applyAsDouble).description(help).tags(tags).register(registry);
    }

    private void counter(String name, String help, Tags tags, ToDoubleFunction<Object> f) {
        FunctionCounter.builder(name, this, f::applyAsDouble).description(help).tags(tags).register(registry);
    }

    /** How many per-worker series sets are registered (tests). */
    int workerSeries() {
        return workersRegistered.size();
    }
}
