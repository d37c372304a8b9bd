package org.sv2translator.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.sv2translator.testbed.load.LoadReport;

/**
 * The bench's figures: one column per target (floor, translator, SRI's translator), the ratios of the translator to
 * the others, and the goals judged on them (reported, never asserted). The JSON keys are documented in
 * README.md.
 */
final class BenchReport {
    /** What one target measured: the load generator's window and the target's memory. */
    record Target(String name, LoadReport load, double rssIdle, double rssLoaded, double heapIdle,
                  double heapLoaded, double minersHeld, double poolRejects, double poolRejectsInFlight,
                  String note) {
        Map<String, Double> figures() {
            Map<String, Double> f = new LinkedHashMap<>();
            LoadReport l = load;
            int miners = Math.max(1, l.miners());
            f.put("miners_asked", (double) l.miners());
            f.put("miners_working", (double) l.working());
            f.put("miners_held", minersHeld);
            f.put("shares_per_s_asked", l.askedRate());
            f.put("shares_per_s_sent", l.sentPerSecond());
            f.put("shortfall", (double) l.shortfall());
            f.put("shares_per_s_answered", l.answeredPerSecond());
            f.put("rejected", (double) l.rejected());
            f.put("unanswered", (double) l.unanswered());
            f.put("submit_ms_p50", l.submitMs().p50());
            f.put("submit_ms_p99", l.submitMs().p99());
            f.put("submit_ms_p999", l.submitMs().p999());
            f.put("submit_ms_max", l.submitMs().max());
            f.put("send_lag_ms_p99", l.sendLagMs().p99());
            f.put("fanout_ms_p50", l.fanoutMs().p50());
            f.put("fanout_ms_p99", l.fanoutMs().p99());
            f.put("fanout_ms_max", l.fanoutMs().max());
            f.put("fanout_spread_ms_p50", l.fanoutSpreadMs().p50());
            f.put("fanout_spread_ms_max", l.fanoutSpreadMs().max());
            f.put("fanout_triggers", (double) l.fanoutTriggers());
            f.put("cpu_s_per_10k", l.cpuSecondsPer10k());
            f.put("cpu_cores", l.targetCpuSeconds() / l.windowSeconds());
            f.put("generator_cpu_cores", l.generatorCpuSeconds() / l.windowSeconds());
            f.put("rss_bytes_idle", rssIdle);
            f.put("rss_bytes_per_miner", (rssLoaded - rssIdle) / miners);
            f.put("heap_bytes_per_miner", (heapLoaded - heapIdle) / miners);
            f.put("pool_rejects", poolRejects);
            f.put("pool_rejects_stale_in_flight", poolRejectsInFlight);
            return f;
        }
    }

    /** Keys worth a ratio: costs and latencies, where lower is better. */
    static final List<String> RATIO_KEYS = List.of("cpu_s_per_10k", "cpu_cores", "submit_ms_p50", "submit_ms_p99",
            "submit_ms_p999", "fanout_ms_p50", "fanout_ms_p99", "fanout_spread_ms_max", "rss_bytes_per_miner");

    private final String command;
    private final String placement;
    private final Map<String, Object> settings;
    private final List<Target> targets = new ArrayList<>();

    private final int cpus;

    BenchReport(String command, String placement, int cpus, Map<String, Object> settings) {
        this.command = command;
        this.cpus = cpus;
        this.placement = placement;
        this.settings = settings;
    }

    void add(Target t) {
        targets.add(t);
    }

    Map<String, Double> of(String name) {
        return targets.stream().filter(t -> t.name().equals(name)).findFirst().map(Target::figures).orElse(null);
    }

    /**
     * translator / other for each {@link #RATIO_KEYS}, or null without both, or when either did not get every miner
     * working or answered nothing (its figures would then describe another load).
     */
    Map<String, Double> ratios(String other) {
        Map<String, Double> t = of("translator");
        Map<String, Double> o = of(other);
        if (t == null || o == null || !complete(t) || !complete(o)) {
            return null;
        }
        Map<String, Double> r = new LinkedHashMap<>();
        for (String k : RATIO_KEYS) {
            r.put(k, t.get(k) / o.get(k));
        }
        return r;
    }

    private static boolean complete(Map<String, Double> f) {
        return f.get("miners_working") >= f.get("miners_asked") && f.get("shares_per_s_answered") > 0;
    }

    /** The targets, judged on this run: goal, measured, met (null: not measured). */
    List<Object[]> goals() {
        List<Object[]> g = new ArrayList<>();
        Map<String, Double> t = of("translator");
        Map<String, Double> floor = ratios("floor");
        Map<String, Double> sri = ratios("sri");
        if (t == null || !complete(t)) {
            return g;
        }
        if (floor != null) {
            g.add(goal("CPU per share <= 1.5x the floor's per answered line", floor.get("cpu_s_per_10k"), "x", 1.5));
            g.add(goal("fan-out p99 <= 1.5x the floor's", floor.get("fanout_ms_p99"), "x", 1.5));
        }
        double rate = t.get("shares_per_s_asked");
        g.add(new Object[] {"submit p99 <= 5 ms at 10,000 shares/s (asked here: " + fmt(rate) + "/s)",
                fmt(t.get("submit_ms_p99")) + " ms", rate >= 10_000 ? (Object) (t.get("submit_ms_p99") <= 5) : null});
        g.add(goal("heap <= 4 KiB per miner", t.get("heap_bytes_per_miner"), " B", 4096));
        if (sri != null) {
            g.add(goal("CPU per share <= 1/3 of SRI's", sri.get("cpu_s_per_10k"), "x", 1 / 3.0));
            g.add(goal("memory (RSS) per miner <= 0.5x SRI's", sri.get("rss_bytes_per_miner"), "x", 0.5));
            g.add(goal("fan-out p99 lower than SRI's", sri.get("fanout_ms_p99"), "x", 1.0));
        }
        return g;
    }

    private static Object[] goal(String what, double measured, String unit, double limit) {
        return new Object[] {what, fmt(measured) + unit, Double.isNaN(measured) ? null : (Object) (measured <= limit)};
    }

    String toTable() {
        StringBuilder sb = new StringBuilder("\n");
        sb.append(command).append('\n').append(placement).append('\n');
        List<String> cols = new ArrayList<>();
        targets.forEach(t -> cols.add(t.name()));
        Map<String, Double> vsFloor = ratios("floor");
        Map<String, Double> vsSri = ratios("sri");
        if (vsFloor != null) {
            cols.add("transl/floor");
        }
        if (vsSri != null) {
            cols.add("transl/sri");
        }
        sb.append(String.format("%-24s", ""));
        cols.forEach(c -> sb.append(String.format("%14s", c)));
        sb.append('\n');
        for (String key : targets.get(0).figures().keySet()) {
            sb.append(String.format("%-24s", key));
            for (Target t : targets) {
                sb.append(String.format("%14s", fmt(t.figures().get(key))));
            }
            if (vsFloor != null) {
                sb.append(String.format("%14s", vsFloor.containsKey(key) ? fmt(vsFloor.get(key)) + "x" : ""));
            }
            if (vsSri != null) {
                sb.append(String.format("%14s", vsSri.containsKey(key) ? fmt(vsSri.get(key)) + "x" : ""));
            }
            sb.append('\n');
        }
        for (Target t : targets) {
            if (t.note() != null) {
                sb.append(t.name()).append(": ").append(t.note()).append('\n');
            }
            if (!complete(t.figures())) {
                sb.append(t.name()).append(": only ").append(fmt(t.figures().get("miners_working"))).append(" of ")
                        .append(t.load().miners()).append(" miners working when the window began: no ratio to it\n");
            }
        }
        sb.append("\ngoals (reported, not asserted):\n");
        for (Object[] g : goals()) {
            sb.append(String.format("  %-8s %-62s %s%n", g[2] == null ? "n/a" : (Boolean) g[2] ? "met" : "NOT met", g[0], g[1]));
        }
        return sb.toString();
    }

    String toJson() {
        ObjectMapper mapper = new ObjectMapper();
        ObjectNode o = mapper.createObjectNode();
        o.put("command", command);
        o.put("date", LocalDate.now().toString());
        o.put("machine", cpus + " CPUs, "
                + System.getProperty("os.name") + " " + System.getProperty("os.arch") + ", Java " + Runtime.version());
        o.put("placement", placement);
        o.putPOJO("settings", settings);
        ObjectNode ts = o.putObject("targets");
        for (Target t : targets) {
            ObjectNode n = ts.putObject(t.name());
            t.figures().forEach(n::put);
            n.putPOJO("rejected_by_code", t.load().rejectedByCode());
            if (t.note() != null) {
                n.put("note", t.note());
            }
        }
        ObjectNode ratios = o.putObject("ratios");
        for (String other : List.of("floor", "sri")) {
            Map<String, Double> r = ratios(other);
            if (r != null) {
                ObjectNode n = ratios.putObject("translator_vs_" + other);
                r.forEach(n::put);
            }
        }
        ArrayNode goals = o.putArray("goals");
        for (Object[] g : goals()) {
            ObjectNode n = goals.addObject().put("goal", (String) g[0]).put("measured", (String) g[1]);
            if (g[2] == null) {
                n.putNull("met");
            } else {
                n.put("met", (Boolean) g[2]);
            }
        }
        return o.toPrettyString() + "\n";
    }

    static String fmt(Double v) {
        if (v == null || v.isNaN() || v.isInfinite()) {
            return "-";
        }
        double a = Math.abs(v);
        if (a >= 1000 || v == Math.rint(v)) {
            return String.format("%.0f", v);
        }
        return a >= 10 ? String.format("%.1f", v) : a >= 0.1 ? String.format("%.2f", v) : String.format("%.3f", v);
    }
}
