package org.sv2translator.core.job;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The jobs miners may submit on right now: those of the current prevhash, newest last, at most {@link #MAX_JOBS}.
 * Immutable: the upstream loop publishes a new book per job and any V1 loop reads it lock-free through a volatile
 * reference, which is why adding returns a new book.
 */
public final class JobBook {
    /** Jobs kept per prevhash; an older job than this is answered as stale. Bounds memory per channel. */
    public static final int MAX_JOBS = 32;
    public static final JobBook EMPTY = new JobBook(Map.of(), -1);

    private final Map<String, V1Job> jobs;
    private final long epoch;

    private JobBook(Map<String, V1Job> jobs, long epoch) {
        this.jobs = jobs;
        this.epoch = epoch;
    }

    /** The job with this V1 job_id, or null if unknown or stale. */
    public V1Job get(String v1JobId) {
        return jobs.get(v1JobId);
    }

    public long epoch() {
        return epoch;
    }

    public int size() {
        return jobs.size();
    }

    /** A book with {@code job} added; a job of a new epoch (clean_jobs) starts a new book alone. */
    JobBook with(V1Job job) {
        LinkedHashMap<String, V1Job> next = new LinkedHashMap<>();
        if (job.epoch() == epoch) {
            next.putAll(jobs);
        }
        next.put(job.v1JobId(), job);
        while (next.size() > MAX_JOBS) {
            next.remove(next.keySet().iterator().next());
        }
        return new JobBook(Map.copyOf(next), job.epoch());
    }
}
