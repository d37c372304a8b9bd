package org.sv2translator.core.http;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sv2translator.core.TranslatorStatus;
import org.sv2translator.core.upstream.PoolEndpoint;

/**
 * The {@code /api/status} document: what the status page shows, as plain maps for Jackson. Workers are listed by
 * hashrate, at most {@link #MAX_WORKERS} of them (the total is given), so a huge farm does not get a huge page.
 */
final class StatusReport {
    static final int MAX_WORKERS = 1000;

    private StatusReport() {
    }

    static Map<String, Object> of(TranslatorStatus t, HashrateHistory history, long startedMillis) {
        Map<String, Object> r = new LinkedHashMap<>();
        long now = System.currentTimeMillis();
        r.put("time", now);
        r.put("uptimeSeconds", (now - startedMillis) / 1000);
        r.put("serving", t.serving());
        r.put("miners", t.miners());
        r.put("hashrate", t.hashrate());
        r.put("channelDifficulty", t.channelDifficulty());
        r.put("openChannels", t.openChannels());
        r.put("pools", pools(t.upstream()));
        r.put("shares", Map.of("accepted", t.shares().accepted(), "rejected", t.shares().rejected(),
                "forwarded", t.shares().forwarded(), "blockCandidates", t.shares().blockCandidates()));
        TranslatorStatus.Upstream up = t.upstream();
        Map<String, Object> upstream = new LinkedHashMap<>();
        upstream.put("connections", up.connections());
        upstream.put("failovers", up.failovers());
        upstream.put("sharesSent", up.sharesSent());
        upstream.put("sharesAccepted", up.sharesAccepted());
        upstream.put("sharesRejected", up.sharesRejected());
        upstream.put("sharesLost", up.sharesLost());
        upstream.put("sharesStaleInFlight", up.staleInFlight());
        upstream.put("errors", up.errors());
        r.put("upstream", upstream);
        r.put("minerDisconnects", t.downstream().disconnects());
        r.put("history", history.points());
        r.put("workersTotal", t.workers().size());
        r.put("workers", workers(t.workers()));
        return r;
    }

    private static List<Map<String, Object>> pools(TranslatorStatus.Upstream up) {
        List<Map<String, Object>> pools = new ArrayList<>();
        List<PoolEndpoint> configured = up.pools();
        for (int i = 0; i < configured.size(); i++) {
            PoolEndpoint p = configured.get(i);
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("address", p.address().getHostString() + ":" + p.address().getPort());
            m.put("role", i == 0 ? "primary" : "backup " + i);
            m.put("state", i == up.activePoolIndex() ? "active" : "standby");
            pools.add(m);
        }
        return pools;
    }

    private static List<Map<String, Object>> workers(List<TranslatorStatus.Worker> workers) {
        List<TranslatorStatus.Worker> all = new ArrayList<>(workers);
        all.sort(Comparator.comparingDouble(TranslatorStatus.Worker::hashrate).reversed()
                .thenComparing(TranslatorStatus.Worker::name));
        List<Map<String, Object>> list = new ArrayList<>();
        for (TranslatorStatus.Worker w : all.subList(0, Math.min(MAX_WORKERS, all.size()))) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", w.name());
            m.put("hashrate", w.hashrate());
            m.put("accepted", w.accepted());
            m.put("rejected", w.rejected());
            m.put("stale", w.stale());
            m.put("upstreamAccepted", w.upstreamAccepted());
            m.put("upstreamRejected", w.upstreamRejected());
            m.put("lastShare", w.lastShareMillis());
            m.put("difficulty", w.lastDifficulty());
            list.add(m);
        }
        return list;
    }
}
