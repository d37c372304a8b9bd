package org.sv2translator.core.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToDoubleFunction;
import org.sv2translator.core.Translator;
import org.sv2translator.core.TranslatorStatus;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.v1.Disconnects;

/**
 * The translator's counters and gauges as Micrometer meters (Prometheus names in README.md). Every meter reads the
 * {@link TranslatorStatus} taken by {@link #refresh()} before each scrape, so metrics add nothing to the share path
 * and one scrape shows one consistent moment; the two latency histograms are recorded by the translator itself.
 *
 * <p>Per-worker series (shares by result, accepted difficulty, hashrate) are added for workers as they appear and
 * removed when the worker registry forgets them, on {@link #refresh()}: the registry is bounded (live workers and a
 * few recent ones), so {@code /metrics} is too, whatever names miners send. A farm with tens of thousands of workers
 * may switch them off. Thread-safe: refresh runs on the status server's thread, meters read a volatile snapshot.
 */
public final class TranslatorMetrics {
    private final Translator translator;
    private final MeterRegistry registry;
    private final boolean perWorker;
    private final Map<String, List<Meter>> workerMeters = new ConcurrentHashMap<>();
    private volatile TranslatorStatus status;
    private volatile Map<String, TranslatorStatus.Worker> workers = Map.of();

    public TranslatorMetrics(Translator translator, MeterRegistry registry, boolean perWorker) {
        this.translator = translator;
        this.registry = registry;
        this.perWorker = perWorker;
        this.status = translator.status();
        bind();
    }

    private void bind() {
        gauge("sv2t.miners.connected", "Miner connections subscribed", Tags.empty(), x -> status.miners());
        gauge("sv2t.hashrate.hs", "Estimated hashrate of all miners, H/s", Tags.empty(), x -> status.hashrate());
        gauge("sv2t.channel.difficulty", "Difficulty of the upstream channel target (per-miner mode: the easiest)",
                Tags.empty(), x -> status.channelDifficulty());
        gauge("sv2t.channels.open", "Upstream channels open", Tags.empty(), x -> status.openChannels());
        counter("sv2t.shares", "Shares answered to miners", Tags.of("result", "accepted"),
                x -> status.shares().accepted());
        counter("sv2t.shares", "Shares answered to miners", Tags.of("result", "rejected"),
                x -> status.shares().rejected());
        counter("sv2t.block.candidates", "Shares meeting the network target", Tags.empty(),
                x -> status.shares().blockCandidates());
        counter("sv2t.upstream.shares", "Shares sent to and judged by the pool", Tags.of("result", "forwarded"),
                x -> status.upstream().sharesSent());
        counter("sv2t.upstream.shares", "Shares sent to and judged by the pool", Tags.of("result", "accepted"),
                x -> status.upstream().sharesAccepted());
        counter("sv2t.upstream.shares", "Shares sent to and judged by the pool", Tags.of("result", "rejected"),
                x -> status.upstream().sharesRejected());
        counter("sv2t.upstream.shares", "Shares sent to and judged by the pool", Tags.of("result", "lost"),
                x -> status.upstream().sharesLost());
        counter("sv2t.upstream.shares.stale.in.flight",
                "Rejected shares the pool called stale that a new prevhash crossed on the wire (part of rejected)",
                Tags.empty(), x -> status.upstream().staleInFlight());
        counter("sv2t.upstream.connections", "Pool connections set up", Tags.empty(),
                x -> status.upstream().connections());
        counter("sv2t.upstream.failovers", "Moves to another pool (a backup, or back to the primary)", Tags.empty(),
                x -> status.upstream().failovers());
        List<PoolEndpoint> pools = status.upstream().pools();
        for (int i = 0; i < pools.size(); i++) {
            int index = i;
            gauge("sv2t.upstream.up", "1 for the pool in use, 0 for the others",
                    Tags.of("pool", pools.get(i).address().getHostString() + ":" + pools.get(i).address().getPort(),
                            "priority", Integer.toString(i)),
                    x -> status.upstream().activePoolIndex() == index ? 1 : 0);
        }
        counter("sv2t.jobs", "Jobs sent to miners (once per channel)", Tags.empty(), x -> status.jobsSent());
        counter("sv2t.prevhash.changes", "Jobs sent with clean_jobs", Tags.empty(), x -> status.prevhashChanges());
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "v1", "direction", "in"),
                x -> status.downstream().bytesRead());
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "v1", "direction", "out"),
                x -> status.downstream().bytesWritten());
        for (Disconnects.Reason reason : Disconnects.Reason.values()) {
            counter("sv2t.miner.disconnects", "Miner connections refused or closed by a limit", Tags.of("reason",
                    reason.label()), x -> status.downstream().disconnects().getOrDefault(reason.label(), 0L));
        }
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "sv2", "direction", "in"),
                x -> status.upstream().bytesRead());
        counter("sv2t.bytes", "Bytes on the wire", Tags.of("side", "sv2", "direction", "out"),
                x -> status.upstream().bytesWritten());
    }

    /** Takes a new status snapshot for the meters and adds the series of workers seen since the last call. */
    public void refresh() {
        TranslatorStatus now = translator.status();
        status = now;
        if (!perWorker) {
            return;
        }
        Map<String, TranslatorStatus.Worker> byName = new HashMap<>();
        for (TranslatorStatus.Worker w : now.workers()) {
            byName.put(w.name(), w);
        }
        workers = byName;
        for (String name : byName.keySet()) {
            workerMeters.computeIfAbsent(name, this::registerWorker);
        }
        workerMeters.keySet().removeIf(name -> {
            if (byName.containsKey(name)) {
                return false;
            }
            workerMeters.get(name).forEach(registry::remove);
            return true;
        });
    }

    private List<Meter> registerWorker(String name) {
        List<Meter> meters = new ArrayList<>();
        Tags worker = Tags.of("worker", name);
        String help = "Shares of a worker answered to its miner";
        meters.add(workerCounter(help, worker.and("result", "accepted", "reason", "none"), name,
                TranslatorStatus.Worker::accepted));
        meters.add(workerCounter(help, worker.and("result", "rejected", "reason", "stale"), name,
                TranslatorStatus.Worker::stale));
        meters.add(workerCounter(help, worker.and("result", "rejected", "reason", "duplicate"), name,
                TranslatorStatus.Worker::duplicate));
        meters.add(workerCounter(help, worker.and("result", "rejected", "reason", "low-difficulty"), name,
                TranslatorStatus.Worker::lowDifficulty));
        meters.add(workerCounter(help, worker.and("result", "rejected", "reason", "other"), name,
                TranslatorStatus.Worker::otherRejected));
        meters.add(counter("sv2t.worker.accepted.difficulty", "Sum of the difficulty of a worker's accepted shares",
                worker, x -> workerValue(name, TranslatorStatus.Worker::acceptedDifficulty)));
        meters.add(counter("sv2t.worker.upstream.shares", "A worker's shares judged by the pool",
                worker.and("result", "accepted"), x -> workerValue(name, TranslatorStatus.Worker::upstreamAccepted)));
        meters.add(counter("sv2t.worker.upstream.shares", "A worker's shares judged by the pool",
                worker.and("result", "rejected"), x -> workerValue(name, TranslatorStatus.Worker::upstreamRejected)));
        meters.add(gauge("sv2t.worker.hashrate.hs", "Estimated hashrate of a worker, H/s", worker,
                x -> workerValue(name, TranslatorStatus.Worker::hashrate)));
        return meters;
    }

    private Meter workerCounter(String help, Tags tags, String name, ToDoubleFunction<TranslatorStatus.Worker> f) {
        return counter("sv2t.worker.shares", help, tags, x -> workerValue(name, f));
    }

    private double workerValue(String name, ToDoubleFunction<TranslatorStatus.Worker> f) {
        TranslatorStatus.Worker w = workers.get(name);
        return w == null ? 0 : f.applyAsDouble(w);
    }

    private Meter gauge(String name, String help, Tags tags, ToDoubleFunction<Object> f) {
        return Gauge.builder(name, this, f::applyAsDouble).description(help).tags(tags).register(registry);
    }

    private Meter counter(String name, String help, Tags tags, ToDoubleFunction<Object> f) {
        return FunctionCounter.builder(name, this, f::applyAsDouble).description(help).tags(tags).register(registry);
    }

    /** How many per-worker series sets are registered (tests). */
    int workerSeries() {
        return workerMeters.size();
    }
}
