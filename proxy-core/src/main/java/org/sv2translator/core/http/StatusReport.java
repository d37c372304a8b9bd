package org.sv2translator.core.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sv2translator.core.Translator;
import org.sv2translator.core.share.WorkerStats;
import org.sv2translator.core.upstream.PoolEndpoint;
import org.sv2translator.core.upstream.UpstreamStats;

/**
 * The {@code /api/status} document: what the status page shows, as plain maps for Jackson. Workers are listed by
 * hashrate, at most {@link #MAX_WORKERS} of them (the total is given), so a huge farm does not get a huge page.
 */
final class StatusReport {
    static final int MAX_WORKERS = 1000;

    private StatusReport() {
    }

    static Map<String, Object> of(Translator t, HashrateHistory history, long startedMillis) {
        Map<String, Object> r = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        r.put("time", now);
        r.put("uptimeSeconds", (now - startedMillis) / 1000);
        r.put("serving", t.serving());
        r.put("miners", t.minerCount());
        r.put("hashrate", t.hashrate());
        r.put("channelDifficulty", t.channelTarget().difficulty());
        r.put("openChannels", t.openChannelCount());
        r.put("pools", pools(t));
        r.put("shares", Map.of("accepted", t.shares().accepted(), "rejected", t.shares().rejected(),
                "forwarded", t.shares().forwarded(), "blockCandidates", t.shares().blockCandidates()));
        UpstreamStats up = t.upstreamStats();
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("connections", up.connections());
        upstream.put("failovers", up.failovers());
        upstream.put("sharesSent", up.sharesSent());
        upstream.put("sharesAccepted", up.sharesAccepted());
        upstream.put("sharesRejected", up.sharesRejected());
        upstream.put("errors", up.errors());
        r.put("upstream", upstream);
        r.put("history", history.points());
        r.put("workersTotal", t.workers().all().size());
        r.put("workers", workers(t));
        return r;
    }

    private static List<Map<String, Object>> pools(Translator t) {
        List<Map<String, Object>> pools = new ArrayList<>();
        List<PoolEndpoint> configured = t.supervisor().pools();
        int active = t.supervisor().activePoolIndex();
        for (int i = 0; i < configured.size(); i++) {
            PoolEndpoint p = configured.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", p.address().getHostString() + ":" + p.address().getPort());
            m.put("role", i == 0 ? "primary" : "backup " + i);
            m.put("state", i == active ? "active" : "standby");
            pools.add(m);
        }
        return pools;
    }

    private static List<Map<String, Object>> workers(Translator t) {
        Map<String, Double> rates = t.hashrateByWorker();
        List<WorkerStats> all = new ArrayList<>(t.workers().all());
        all.sort(Comparator.comparingDouble((WorkerStats w) -> rates.getOrDefault(w.name(), 0.0)).reversed()
                .thenComparing(WorkerStats::name));
        List<Map<String, Object>> list = new ArrayList<>();
        for (WorkerStats w : all.subList(0, Math.min(MAX_WORKERS, all.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("hashrate", rates.getOrDefault(w.name(), 0.0));
            m.put("accepted", w.accepted());
            m.put("rejected", w.rejected());
            m.put("stale", w.stale());
            m.put("upstreamAccepted", w.upstreamAcceptedCount());
            m.put("upstreamRejected", w.upstreamRejectedCount());
            m.put("lastShare", w.lastShareMillis());
            m.put("difficulty", w.lastDifficulty());
            list.add(m);
        }
        return list;
    }
}
